package dev.concurrency.processes;

import dev.concurrency.processes.internal.Codec;
import java.io.IOException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Encodes what is sent to a child, turning a failure into an error that says what to do.
 *
 * <p>The description is a supplier because it is needed only on failure: a {@code map} chunk's description
 * would otherwise print its ten thousand items for every chunk sent.
 */
final class Tasks {

  /** A serialization stream holding {@code null}: a message's encoding of it, never empty. */
  private static final byte[] SERIALIZED_NULL = serializedNull();

  private Tasks() {}

  private static byte[] serializedNull() {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(16);
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(null);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing null to memory cannot fail", e);
    }
  }

  /**
   * Encodes a task for a child to run: by name if it is a call of a static method without arguments, else
   * serialized.
   *
   * @param what what the task is, for the message ("the target of a ChildProcess")
   * @throws IllegalArgumentException if it cannot be serialized
   */
  static byte[] encodeTask(Object task, Supplier<String> what) {
    try {
      return Codec.encodeTask(task);
    } catch (IOException | RuntimeException e) {
      throw refused(what, e);
    }
  }

  /**
   * As {@link #encodeTask(Object, Supplier)}, refusing a task whose encoded form is above
   * {@link TransferLimits#maxFrameBytes}: it is never sent, and the pool or process is not touched.
   *
   * @throws TransferLimitException if it is too large
   */
  static byte[] encodeTask(Object task, Supplier<String> what, TransferLimits limits) {
    byte[] encoded = encodeTask(task, what);
    if (encoded.length > limits.maxFrameBytes()) {
      throw limits.exceeded(TransferLimits.Limit.MAX_FRAME_BYTES, what.get(), encoded.length);
    }
    return encoded;
  }

  /**
   * Serializes a value (a message, a queue item), which arrives as the same object.
   *
   * @param what what the value is, for the message ("the item ...")
   * @throws IllegalArgumentException if it cannot be serialized
   */
  static byte[] encodeValue(Object value, Supplier<String> what) {
    try {
      return Codec.encode(value);
    } catch (IOException | RuntimeException e) {
      throw refused(what, e);
    }
  }

  /**
   * Encodes a message (a {@link Connection}'s, a queue's item): a plain value (a number, a string, an array of
   * numbers) packed, anything else serialized; it arrives as an equal object.
   *
   * @param what what the message is, for the error ("the message ...")
   * @throws IllegalArgumentException if it cannot be serialized
   */
  static byte[] encodeMessage(@Nullable Object value, Supplier<String> what) {
    try {
      // Not the codec's empty array for null: an empty message is what sendBytes(new byte[0]) sends.
      return value == null ? SERIALIZED_NULL.clone() : Codec.encodeResult(value);
    } catch (IOException | RuntimeException e) {
      throw refused(what, e);
    }
  }

  private static IllegalArgumentException refused(Supplier<String> what, Exception e) {
    return new IllegalArgumentException(
        what.get()
            + " cannot be sent to a child process: "
            + e
            + ". Make the task and everything it captures Serializable: declare the lambda as a"
            + " SerializableRunnable / SerializableCallable, and capture only serializable values",
        e);
  }
}
