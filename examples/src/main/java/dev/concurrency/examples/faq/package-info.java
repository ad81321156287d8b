/** Examples of the {@code faq} group; {@link dev.concurrency.examples.faq.FaqExamples} lists them. */
@NullMarked
package dev.concurrency.examples.faq;

import org.jspecify.annotations.NullMarked;
