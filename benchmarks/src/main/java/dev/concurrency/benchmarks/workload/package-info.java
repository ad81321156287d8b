/**
 * The shape every benchmark workload shares: a {@link dev.concurrency.benchmarks.workload.Workload} runs at a
 * {@link dev.concurrency.benchmarks.workload.Scale} and returns {@link dev.concurrency.benchmarks.workload.Figure}s;
 * and what more than one system's workloads share, so that only the thing measured differs between them: the CPU
 * work ({@link dev.concurrency.benchmarks.workload.Burn}), the lock harness
 * ({@link dev.concurrency.benchmarks.workload.Contention}), E8's echo client generator
 * ({@link dev.concurrency.benchmarks.workload.EchoLoad}, started by
 * {@link dev.concurrency.benchmarks.workload.EchoDriver}) and the JMH settings
 * ({@link dev.concurrency.benchmarks.workload.ThroughputBenchmark},
 * {@link dev.concurrency.benchmarks.workload.LatencyBenchmark}).
 *
 * <h2>Memory consistency</h2>
 *
 * <p>Every helper here runs its own threads and joins them before it returns, so every write a task or critical
 * section made happens-before the helper's return (JLS 17.4.5, {@link java.lang.Thread#join()}). The echo
 * generator runs in a process of its own; what it measured reaches the server's side as text, read after the
 * process has ended.
 */
@NullMarked
package dev.concurrency.benchmarks.workload;

import org.jspecify.annotations.NullMarked;
