package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

/**
 * One message of the parent-child protocol: a kind, the request it belongs to, and an opaque payload.
 *
 * <p>On the wire (see {@link Frames}) a frame is {@code int length, byte kind, long id, byte[length] payload}.
 *
 * @param kind what the frame means
 * @param id the request id; {@code 0} is the initializer, tasks count from {@code 1}
 * @param payload the serialized task, result or failure; empty for control frames
 */
public record Frame(Kind kind, long id, byte[] payload) {

  /** The closed set of messages. */
  public enum Kind {
    /** Parent to child: run the pool's initializer (payload: a serialized {@code SerializableRunnable}). */
    INIT,
    /** Parent to child: run a task (payload: a serialized {@code SerializableCallable}). */
    TASK,
    /** Child to parent: the request succeeded (payload: the serialized result). */
    RESULT,
    /** Child to parent: the request failed (payload: an encoded {@link RemoteFailure}). */
    FAILURE,
    /** Parent to child: finish and exit with status 0. */
    SHUTDOWN,
    /** Child to parent, once: booted, warmed up and reading tasks. */
    READY,
    /**
     * Child to parent: the task with this id begins now. A task that never got this far when its worker died never
     * ran, and is run on another worker instead of failing; a pool's task timeout counts from here.
     */
    STARTED,
    /**
     * Parent to child: do not run the task with this id unless it has begun. The pool sends it when the task is
     * cancelled, or when it takes the task back for a worker that is free. A child that has not begun the task
     * answers {@link #SKIPPED} at once, even while it runs another; one that has sent {@link #STARTED} for it
     * ignores this frame.
     */
    CANCEL,
    /** Child to parent: the task with this id was withdrawn by a {@link #CANCEL} before it began, and never ran. */
    SKIPPED
  }

  private static final byte[] EMPTY = new byte[0];

  /** Checks the parts. */
  public Frame {
    requireNonNull(kind, "kind");
    requireNonNull(payload, "payload");
  }

  /**
   * A frame without payload.
   *
   * @param kind the kind
   * @param id the request id
   * @return the frame
   */
  public static Frame control(Kind kind, long id) {
    return new Frame(kind, id, EMPTY);
  }
}
