/** Examples of the {@code sync} group; {@link dev.concurrency.examples.sync.SyncExamples} lists them. */
@NullMarked
package dev.concurrency.examples.sync;

import org.jspecify.annotations.NullMarked;
