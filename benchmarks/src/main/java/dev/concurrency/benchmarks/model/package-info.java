/** Benchmarks of the {@code model} module: JMH microbenchmarks of the trace recorder's hot path. */
@NullMarked
package dev.concurrency.benchmarks.model;

import org.jspecify.annotations.NullMarked;
