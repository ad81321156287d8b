/** The {@code sync-primitives} module's API. */
@NullMarked
package dev.concurrency.sync;

import org.jspecify.annotations.NullMarked;
