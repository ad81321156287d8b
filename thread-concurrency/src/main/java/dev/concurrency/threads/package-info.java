/** The {@code thread-concurrency} module's API. */
@NullMarked
package dev.concurrency.threads;

import org.jspecify.annotations.NullMarked;
