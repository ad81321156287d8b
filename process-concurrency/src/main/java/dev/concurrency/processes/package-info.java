/** The {@code process-concurrency} module's API. */
@NullMarked
package dev.concurrency.processes;

import org.jspecify.annotations.NullMarked;
