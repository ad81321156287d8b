/** Benchmarks of the {@code sync-primitives} module: JMH microbenchmarks and the {@code project} workloads. */
@NullMarked
package dev.concurrency.benchmarks.sync;

import org.jspecify.annotations.NullMarked;
