/** Examples of the {@code multiprocessing} group; {@link dev.concurrency.examples.multiprocessing.MultiprocessingExamples} lists them. */
@NullMarked
package dev.concurrency.examples.multiprocessing;

import org.jspecify.annotations.NullMarked;
