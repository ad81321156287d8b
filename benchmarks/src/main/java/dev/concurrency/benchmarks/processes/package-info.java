/** Benchmarks of the {@code process-concurrency} module: JMH microbenchmarks and the {@code project} workloads. */
@NullMarked
package dev.concurrency.benchmarks.processes;

import org.jspecify.annotations.NullMarked;
