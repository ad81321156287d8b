/** Benchmarks of the {@code thread-concurrency} module: JMH microbenchmarks and the {@code project} workloads. */
@NullMarked
package dev.concurrency.benchmarks.threads;

import org.jspecify.annotations.NullMarked;
