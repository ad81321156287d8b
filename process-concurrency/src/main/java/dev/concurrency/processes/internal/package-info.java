/**
 * The machinery behind {@link dev.concurrency.processes}: the frame protocol, the serialization filter, the
 * child JVM's command line and {@code main}, process trees. Not API: these classes may change without notice.
 */
@NullMarked
package dev.concurrency.processes.internal;

import org.jspecify.annotations.NullMarked;
