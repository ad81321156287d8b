package dev.concurrency.processes.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.util.Optional;

/**
 * Reads and writes {@link Frame}s: {@code int length, byte kind, long id, byte[length] payload}, big-endian.
 *
 * <p>The length comes first so that a reader never allocates more than the limit it was given, whatever arrives
 * on the stream. Not thread-safe: each stream has one reader and, under the caller's lock, one writer.
 */
public final class Frames {

  /** The default largest payload a reader accepts: 64 MiB, {@code TransferLimits.DEFAULT.maxFrameBytes()}. */
  public static final int DEFAULT_MAX_PAYLOAD = 64 << 20;

  private static final Frame.Kind[] KINDS = Frame.Kind.values();

  private Frames() {}

  /**
   * Writes one frame and flushes it.
   *
   * @param out the stream
   * @param frame the frame
   * @throws IOException if the stream fails
   */
  public static void write(DataOutputStream out, Frame frame) throws IOException {
    writeUnflushed(out, frame);
    out.flush();
  }

  /**
   * Writes one frame into the stream's buffer, to be flushed with what follows it.
   *
   * @param out the stream
   * @param frame the frame
   * @throws IOException if the stream fails
   */
  public static void writeUnflushed(DataOutputStream out, Frame frame) throws IOException {
    out.writeInt(frame.payload().length);
    out.writeByte(frame.kind().ordinal());
    out.writeLong(frame.id());
    out.write(frame.payload());
  }

  /**
   * Reads one frame.
   *
   * @param in the stream
   * @param maxPayload the largest payload accepted
   * @return the frame, or empty when the stream ended cleanly between frames (the peer closed its end)
   * @throws EOFException if the stream ended inside a frame
   * @throws StreamCorruptedException if the length is negative or above {@code maxPayload}, or the kind unknown
   */
  public static Optional<Frame> read(DataInputStream in, int maxPayload) throws IOException {
    if (maxPayload < 0) { // a plain check: children read frames, and Guava is not on their start-up path
      throw new IllegalArgumentException("maxPayload must be >= 0, was " + maxPayload);
    }
    int first = in.read();
    if (first < 0) {
      return Optional.empty();
    }
    int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    if (length < 0 || length > maxPayload) {
      throw new StreamCorruptedException(
          "frame length " + length + " is outside 0.." + maxPayload + " (TransferLimits.maxFrameBytes): the stream"
              + " is corrupt or not a frame stream; the sending side never sends a frame above the limit");
    }
    int kind = in.readUnsignedByte();
    if (kind >= KINDS.length) {
      throw new StreamCorruptedException("unknown frame kind " + kind);
    }
    long id = in.readLong();
    byte[] payload = new byte[length];
    in.readFully(payload);
    return Optional.of(new Frame(KINDS[kind], id, payload));
  }
}
