/**
 * Builds the browsable HTML reference of the project: the aggregated Javadoc of the library modules and a page
 * per example group, and checks its links. See {@link dev.concurrency.reference.ReferenceSite}.
 */
@NullMarked
package dev.concurrency.reference;

import org.jspecify.annotations.NullMarked;
