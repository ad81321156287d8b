/**
 * The JDK baselines: the benchmark workloads written with {@code java.util.concurrent} and nothing of this
 * project ({@code CompletableFuture} on a single-thread executor, virtual and platform threads,
 * {@code ReentrantLock}, {@code synchronized}, {@code Semaphore}, {@code ThreadPoolExecutor}, JVM child processes),
 * and JMH microbenchmarks of the same classes.
 *
 * <p>Each {@code *Workloads} class is stateless; every workload creates, uses and shuts down its own threads and
 * executors within one call, and checks its own result.
 *
 * <h2>Memory consistency</h2>
 * Results written by worker threads are read by the measuring thread only after a happens-before edge: a
 * {@link java.lang.Thread#join()}, a {@link java.util.concurrent.Future#get()} or the completion of a
 * {@link java.util.concurrent.CompletableFuture} the measuring thread waits on.
 */
@NullMarked
package dev.concurrency.benchmarks.jdk;

import org.jspecify.annotations.NullMarked;
