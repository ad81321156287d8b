/** Examples of the {@code asyncio} group; {@link dev.concurrency.examples.asyncio.AsyncioExamples} lists them. */
@NullMarked
package dev.concurrency.examples.asyncio;

import org.jspecify.annotations.NullMarked;
