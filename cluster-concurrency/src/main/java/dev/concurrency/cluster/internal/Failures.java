package dev.concurrency.cluster.internal;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.concurrency.cluster.ClassNotAllowedException;
import dev.concurrency.cluster.MemberInfo;
import dev.concurrency.cluster.TaskLostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hazelcast's failures of a task's round trip, as the exceptions this module documents: a member that left
 * becomes a {@link TaskLostException}, a task class a member's allowlist refused a {@link
 * ClassNotAllowedException}, a task class missing from a member's class path an {@link IllegalStateException}, a
 * task that cannot be serialized an {@link IllegalArgumentException} that says what to do. (Results travel as
 * bytes and are checked by {@link Wire}, not by Hazelcast.)
 *
 * <p>Stateless and thread-safe.
 */
public final class Failures {

  /** Hazelcast's message when its filter refuses a class (SerializationClassNameFilter). */
  private static final Pattern REFUSED = Pattern.compile("Resolving class (\\S+) is not allowed");

  private Failures() {}

  /**
   * What the future of {@code task} fails with, for what Hazelcast reported.
   *
   * @param error what Hazelcast completed the round trip with
   * @param task the task's label
   * @param sentTo the member it was sent to
   * @return the exception to fail the task's future with
   */
  public static Throwable translate(Throwable error, String task, MemberInfo sentTo) {
    Throwable cause = unwrap(error);
    if (cause instanceof MemberLeftException left) {
      return new TaskLostException(task, sentTo, left);
    }
    if (cause instanceof TargetNotMemberException || cause instanceof TargetDisconnectedException) {
      return new TaskLostException(task, sentTo, new MemberLeftException(cause));
    }
    if (cause instanceof HazelcastInstanceNotActiveException) {
      return new IllegalStateException(
          task + " was in flight on member " + sentTo + " when this JVM's cluster connection shut down; its outcome"
              + " is unknown and it was not run again",
          cause);
    }
    if (cause instanceof HazelcastSerializationException serialization) {
      return loading(serialization, task, sentTo);
    }
    return cause;
  }

  /**
   * The error for a task that could not be serialized when it was submitted.
   *
   * @param task what was submitted, for the message
   * @param error what Hazelcast's serialization threw
   * @return an {@link IllegalArgumentException} that says what to do
   */
  public static IllegalArgumentException unsendable(Object task, RuntimeException error) {
    return new IllegalArgumentException(
        "the task " + task + " cannot be sent to a cluster member: " + rootMessage(error) + ". Make the task and"
            + " everything it captures Serializable: declare the lambda as a SerializableCallable or"
            + " SerializableRunnable (SerializableFunction for map), and capture only serializable values",
        error);
  }

  /** A member failed to deserialize the task: a class its allowlist refused, or one it does not have. */
  private static Throwable loading(HazelcastSerializationException error, String task, MemberInfo sentTo) {
    for (Throwable link = error; link != null; link = link.getCause()) {
      Matcher refused = link.getMessage() == null ? null : REFUSED.matcher(link.getMessage());
      if (refused != null && refused.find()) {
        String className = refused.group(1);
        return new ClassNotAllowedException(
            "member " + sentTo + " refused to deserialize " + task + ": class " + className + " is not on its"
                + " allowlist. Allow it on every member with ClusterMember.Builder.allow(\"" + className + "\") (or a"
                + " pattern for its package)",
            className,
            error);
      }
      if (link instanceof ClassNotFoundException missing) {
        return new IllegalStateException(
            "member " + sentTo + " cannot load a class of " + task + ": " + missing.getMessage() + " is not on its"
                + " class path. Every member needs the tasks' classes on its own class path: no code is loaded from"
                + " the network",
            error);
      }
    }
    return error;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException
            || (cause instanceof ExecutionException && !(cause instanceof MemberLeftException)))
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }
}
