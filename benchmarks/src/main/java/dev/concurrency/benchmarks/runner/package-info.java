/**
 * The workload runner: runs every workload on this project and on its peers (the JDK baselines, CPython
 * {@code asyncio}, uvloop, {@code threading}, {@code multiprocessing}), each (system, workload) pair in a fresh
 * process, and reports the figures as TSV lines and Markdown tables of ratios. The entry point is
 * {@link dev.concurrency.benchmarks.runner.BenchMain}; the systems are listed in
 * {@link dev.concurrency.benchmarks.runner.Systems}.
 *
 * <h2>Memory consistency</h2>
 * Values ({@link dev.concurrency.benchmarks.runner.Row}, {@link dev.concurrency.benchmarks.runner.Options},
 * {@link dev.concurrency.benchmarks.runner.RunResult}, ...) are immutable and safely published by their final
 * fields. A run is driven by one thread; what a child process printed is handed to it through
 * {@link java.lang.Thread#join()} of the threads that read the child's output, so every line read happens-before
 * the {@link dev.concurrency.benchmarks.runner.Launcher.Outcome} is returned.
 */
@NullMarked
package dev.concurrency.benchmarks.runner;

import org.jspecify.annotations.NullMarked;
