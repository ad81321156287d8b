package dev.concurrency.cluster.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.cluster.MemberInfo;
import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.io.StringWriter;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a member sends back for one task: the result's bytes ({@link Wire}), or the task's failure as data, or why
 * the result could not be serialized; which member ran it; and when. Exactly one of {@code result},
 * {@code failure} and {@code unsendable} is set.
 *
 * @param result the task's result, serialized, if it returned one that could be
 * @param failure the task's exception as data, if it threw
 * @param unsendable why the result could not be serialized, if it could not
 * @param ranOn the member that ran it
 * @param started when it started, on that member's clock
 * @param finished when it finished, on that member's clock
 */
public record Outcome(
    byte @Nullable [] result,
    @Nullable Failure failure,
    @Nullable String unsendable,
    MemberInfo ranOn,
    Instant started,
    Instant finished)
    implements Serializable {

  @Serial private static final long serialVersionUID = 2L;

  /** Checks the parts. */
  public Outcome {
    requireNonNull(ranOn, "ranOn");
    requireNonNull(started, "started");
    requireNonNull(finished, "finished");
    int set = (result != null ? 1 : 0) + (failure != null ? 1 : 0) + (unsendable != null ? 1 : 0);
    if (set != 1) {
      throw new IllegalArgumentException("an outcome is a result, a failure or an unsendable result, exactly one");
    }
  }

  /**
   * An exception as data: its class name, message and stack text, causes included. The exception itself does not
   * travel, so its class need not be on the submitter's class path or allowlist.
   *
   * @param type the exception's class name
   * @param message its message, empty if none
   * @param stackTrace its printed stack trace
   */
  public record Failure(String type, String message, String stackTrace) implements Serializable {

    @Serial private static final long serialVersionUID = 1L;

    /** Checks the parts. */
    public Failure {
      requireNonNull(type, "type");
      requireNonNull(message, "message");
      requireNonNull(stackTrace, "stackTrace");
    }

    /**
     * The failure of {@code error}.
     *
     * @param error what the task threw
     * @return it, as data
     */
    public static Failure of(Throwable error) {
      StringWriter text = new StringWriter();
      error.printStackTrace(new PrintWriter(text, true));
      String message = error.getMessage();
      return new Failure(error.getClass().getName(), message == null ? "" : message, text.toString());
    }
  }
}
