package dev.concurrency.processes;

import dev.concurrency.processes.internal.Codec;
import java.io.IOException;

/** Serializes what is sent to a child, turning a failure into an error that says what to do. */
final class Tasks {

  private Tasks() {}

  /**
   * Encodes {@code value} for a child: by name if it is a call of a static method without arguments, else
   * serialized.
   *
   * @param what what the value is, for the message ("the target of a ChildProcess")
   * @throws IllegalArgumentException if it cannot be serialized
   */
  static byte[] encode(Object value, String what) {
    try {
      return Codec.encodeTask(value);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          what
              + " cannot be sent to a child process: "
              + e
              + ". Make the task and everything it captures Serializable: declare the lambda as a"
              + " SerializableRunnable / SerializableCallable, and capture only serializable values",
          e);
    }
  }
}
