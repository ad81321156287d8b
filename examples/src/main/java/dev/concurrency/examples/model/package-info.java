/** Examples of the {@code model} group; {@link dev.concurrency.examples.model.ModelExamples} lists them. */
@NullMarked
package dev.concurrency.examples.model;

import org.jspecify.annotations.NullMarked;
