/**
 * {@code ps} and {@code pstree} for a running JVM: {@link dev.concurrency.inspect.Inspect} attaches to a JVM by
 * process id and prints the tasks of its event loops and the workers of its pools, read from the MXBeans the
 * library modules register.
 *
 * <p>A tool, not a library: it needs none of the project's modules (it reads their JMX open types by name), only the
 * JDK's {@code jdk.attach} and {@code java.management}.
 */
@NullMarked
package dev.concurrency.inspect;

import org.jspecify.annotations.NullMarked;
