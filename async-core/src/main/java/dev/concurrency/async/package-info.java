/** The {@code async-core} module's API. */
@NullMarked
package dev.concurrency.async;

import org.jspecify.annotations.NullMarked;
