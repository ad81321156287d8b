/**
 * The machinery behind {@link dev.concurrency.sync}: the synchronizers on {@code AbstractQueuedSynchronizer}
 * and the bookkeeping of the deadlock detectors. Not API: these types may change without notice.
 */
@NullMarked
package dev.concurrency.sync.internal;

import org.jspecify.annotations.NullMarked;
