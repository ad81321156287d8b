/** The {@code benchmarks} module's API. */
@NullMarked
package dev.concurrency.benchmarks;

import org.jspecify.annotations.NullMarked;
