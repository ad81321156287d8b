/**
 * The implementation of {@code async-core} that is not API: the timer heap, the idle-wait seam ({@link
 * dev.concurrency.async.internal.Waiter}, where a selector will plug in for I/O) and the blocked-loop
 * watchdog. Nothing here is stable; do not use it from outside the module.
 */
@NullMarked
package dev.concurrency.async.internal;

import org.jspecify.annotations.NullMarked;
