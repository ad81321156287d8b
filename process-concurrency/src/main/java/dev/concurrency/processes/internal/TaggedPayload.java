package dev.concurrency.processes.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;

/**
 * The payloads {@link Codec} tells from a serialization stream by their first byte ({@link StaticCall},
 * {@link StaticChunk}, packed results): a tag byte, then plain {@link java.io.DataOutput}. A serialization stream
 * starts with {@code 0xAC}, so a letter never collides with one.
 *
 * <p>A writer rather than a method taking the body as a lambda: a cold child's first lambda spins classes, which
 * is what the forms by name are there to avoid. Not thread-safe; the static methods are.
 */
final class TaggedPayload extends DataOutputStream {

  /** A payload starting with {@code tag}, for about {@code sizeHint} bytes. */
  TaggedPayload(byte tag, int sizeHint) {
    super(new ByteArrayOutputStream(sizeHint));
    try {
      writeByte(tag);
    } catch (IOException e) {
      throw memoryWriteFailed(e);
    }
  }

  /** The bytes written so far. */
  byte[] toByteArray() {
    return ((ByteArrayOutputStream) out).toByteArray();
  }

  /** What a write to memory that failed becomes: it cannot happen, a {@code ByteArrayOutputStream} never throws. */
  static IllegalStateException memoryWriteFailed(IOException e) {
    return new IllegalStateException("writing to memory failed", e);
  }

  /**
   * A stream over {@code payload} after its tag byte.
   *
   * @param what what the payload should be, for the message ("a static call")
   * @throws StreamCorruptedException if the payload does not start with {@code tag}
   */
  static DataInputStream read(byte[] payload, byte tag, String what) throws StreamCorruptedException {
    if (payload.length == 0 || payload[0] != tag) {
      throw new StreamCorruptedException("not " + what + ": the first byte is not " + (char) tag);
    }
    return new DataInputStream(new ByteArrayInputStream(payload, 1, payload.length - 1));
  }
}
