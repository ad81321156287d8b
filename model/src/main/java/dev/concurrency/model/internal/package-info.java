/**
 * The {@code model} module's implementation helpers. Not API: anything here may change without notice.
 */
@NullMarked
package dev.concurrency.model.internal;

import org.jspecify.annotations.NullMarked;
