/**
 * The implementation behind {@link dev.concurrency.threads}: not API, may change without notice.
 */
@NullMarked
package dev.concurrency.threads.internal;

import org.jspecify.annotations.NullMarked;
