package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.TransferLimits;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import org.jspecify.annotations.Nullable;

/**
 * The one message a child reads on its stdin, written by the parent right after the start and followed by end of
 * file: where to connect ({@link Rendezvous.Ticket}), the line that ends its output, whether to warm up, the
 * limits, and, for a one-task child started cold, the task itself.
 *
 * <p>Why the stdin: it is a pipe only the parent writes to, and the child reads the whole message before any user
 * code runs, so nothing else (a subprocess that inherits the stdin, say) can read or write any of it. All later
 * traffic goes over the socket. A cold one-task child finds its task here and runs it without connecting at all
 * unless it fails: opening the first Unix domain socket in a JVM initializes a {@link java.security.SecureRandom}
 * (in the JDK's {@code sun.nio.ch.UnixDomainSockets}), 30 to 80 ms here, more than the rest of the child's start.
 *
 * <p>Not thread-safe to read; instances are immutable (the task's bytes are not copied: neither side changes
 * them).
 *
 * @param ticket where the child connects, and the token it presents
 * @param parentPid the parent's process id, which the child watches (a child that runs its task cold has no
 *     socket whose end would tell it the parent is gone)
 * @param endMarker the line the child writes on its stdout as it exits, after its last output
 * @param warmUp whether the child warms up before it says READY (an idle child: a pool worker, a warm spare)
 * @param limits the limits the child applies to what it receives and sends
 * @param task a cold one-task child's task (the payload of a {@link Frame.Kind#TASK} frame), or {@code null}
 */
record Hello(
    Rendezvous.Ticket ticket,
    long parentPid,
    String endMarker,
    boolean warmUp,
    TransferLimits limits,
    byte @Nullable [] task) {

  /** "PCH" and a version, so a child started by another version of this module fails clearly. */
  private static final int MAGIC = 0x50434802;

  Hello {
    requireNonNull(ticket, "ticket");
    requireNonNull(endMarker, "endMarker");
    requireNonNull(limits, "limits");
  }

  /** Writes this message; the caller closes the stream after it. */
  void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeUTF(ticket.path());
    out.writeUTF(ticket.token());
    out.writeLong(parentPid);
    out.writeUTF(endMarker);
    out.writeBoolean(warmUp);
    out.writeInt(limits.maxFrameBytes());
    out.writeLong(limits.maxObjects());
    out.writeInt(limits.maxDepth());
    out.writeInt(limits.maxArrayLength());
    if (task == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(task.length);
      out.write(task);
    }
    out.flush();
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws StreamCorruptedException if it is not a hello of this version, or a length is out of range
   * @throws java.io.EOFException if the stream ends inside it (the parent died while writing it)
   */
  static Hello read(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new StreamCorruptedException(
          "the child's stdin does not start with a hello from this version of process-concurrency (0x"
              + Integer.toHexString(magic) + ")");
    }
    Rendezvous.Ticket ticket = new Rendezvous.Ticket(in.readUTF(), in.readUTF());
    long parentPid = in.readLong();
    String endMarker = in.readUTF();
    boolean warmUp = in.readBoolean();
    TransferLimits limits = new TransferLimits(in.readInt(), in.readLong(), in.readInt(), in.readInt());
    int length = in.readInt();
    if (length < -1 || length > limits.maxFrameBytes()) {
      throw new StreamCorruptedException("the hello's task length " + length + " is outside -1.." + limits.maxFrameBytes());
    }
    byte[] task = null;
    if (length >= 0) {
      task = new byte[length];
      in.readFully(task);
    }
    return new Hello(ticket, parentPid, endMarker, warmUp, limits, task);
  }
}
