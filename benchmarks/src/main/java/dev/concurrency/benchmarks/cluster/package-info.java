/** Benchmarks of the {@code cluster-concurrency} module: the {@code project-cluster} workloads. */
@NullMarked
package dev.concurrency.benchmarks.cluster;

import org.jspecify.annotations.NullMarked;
