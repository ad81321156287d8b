/**
 * The shape every benchmark workload shares: a {@link dev.concurrency.benchmarks.workload.Workload} runs at a
 * {@link dev.concurrency.benchmarks.workload.Scale} and returns {@link dev.concurrency.benchmarks.workload.Figure}s.
 */
@NullMarked
package dev.concurrency.benchmarks.workload;

import org.jspecify.annotations.NullMarked;
