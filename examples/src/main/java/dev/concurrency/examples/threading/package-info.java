/** Examples of the {@code threading} group; {@link dev.concurrency.examples.threading.ThreadingExamples} lists them. */
@NullMarked
package dev.concurrency.examples.threading;

import org.jspecify.annotations.NullMarked;
