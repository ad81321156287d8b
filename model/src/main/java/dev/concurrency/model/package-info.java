/** The {@code model} module's API. */
@NullMarked
package dev.concurrency.model;

import org.jspecify.annotations.NullMarked;
