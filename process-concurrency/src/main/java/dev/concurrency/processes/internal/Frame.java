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
    /** Child to parent, once: booted, warmed up and reading tasks (pool task timeouts start from here). */
    READY,
    /**
     * Parent to child: the task with this id was cancelled while it waited in the child's pipe; if it has not
     * started, the child skips it and answers {@code RESULT} with an empty payload.
     */
    CANCEL
  }

  private static final byte[] EMPTY = new byte[0];

  /** Checks the parts. */
  public Frame {
    requireNonNull(kind, "kind");
    requireNonNull(payload, "payload");
  }

  /** A frame without payload. */
  public static Frame control(Kind kind, long id) {
    return new Frame(kind, id, EMPTY);
  }
}
