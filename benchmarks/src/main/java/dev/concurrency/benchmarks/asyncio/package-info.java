/** Benchmarks of the {@code async-core} module: JMH microbenchmarks and the {@code project} workloads. */
@NullMarked
package dev.concurrency.benchmarks.asyncio;

import org.jspecify.annotations.NullMarked;
