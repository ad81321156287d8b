package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import java.io.Serial;

/**
 * A class in a task or a result was refused by the deserialization allowlist of the side that received it: a
 * member refusing a task, or this JVM (an embedded member or a client) refusing a result. Nothing of the refused
 * class was instantiated.
 *
 * <p>Add the class, or a pattern that matches it, with {@link ClusterMember.Builder#allow} on every member, or
 * with {@link ClusterClient.Builder#allow} on a client, and restart them. The message names the class and the
 * side.
 *
 * <p>Instances are immutable once constructed and safe to share between threads.
 *
 * <p><b>Python:</b> none; {@code pickle} loads any class it is told to, which is why Python's documentation
 * warns never to unpickle untrusted data. This is the Java counterpart of a restricted {@code Unpickler}.
 */
public final class ClassNotAllowedException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** The refused class's name. */
  private final String className;

  /**
   * Creates one.
   *
   * @param message what was refused, where, and what to do
   * @param className the refused class's name
   * @param cause what Hazelcast reported
   */
  public ClassNotAllowedException(String message, String className, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.className = requireNonNull(className, "className");
  }

  /**
   * The refused class.
   *
   * @return its name, such as {@code com.example.Secret}
   */
  public String className() {
    return className;
  }
}
