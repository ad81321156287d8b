package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.RemoteException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An exception that happened in a child, as data: its class name, its message, its stack text (causes included),
 * and, when it could be serialized, its serialized form.
 *
 * <p>Describing an exception never fails: a {@code getMessage()}, {@code toString()} or {@code getStackTrace()}
 * that throws is replaced by a note saying so, and an exception that cannot be serialized travels without its
 * serialized form. The parent {@linkplain #rebuild rebuilds} the original exception from that form only through
 * its allowlist ({@link Codec}), so a child cannot make the parent instantiate a class it does not allow; when it
 * cannot, the class name, message and stack text still arrive.
 *
 * <p>Immutable and thread-safe (the serialized bytes are not copied: nothing changes them).
 *
 * @param type the exception's class name, such as {@code java.lang.IllegalStateException}
 * @param message its message, empty when it had none
 * @param stack the child's stack text, as {@code printStackTrace} prints it, causes included
 * @param serialized the exception serialized, or {@code null} if it could not be
 */
public record RemoteFailure(String type, String message, String stack, byte @Nullable [] serialized) {

  /** The most characters kept of a message or stack text that would not fit in a frame otherwise. */
  static final int TRUNCATED_CHARS = 64 * 1024;

  /** Checks the parts. */
  public RemoteFailure {
    requireNonNull(type, "type");
    requireNonNull(message, "message");
    requireNonNull(stack, "stack");
  }

  /**
   * Describes a throwable caught in this process; never throws, whatever the throwable's methods do.
   *
   * @param thrown the throwable
   * @return its description
   */
  public static RemoteFailure of(Throwable thrown) {
    String message;
    try {
      message = thrown.getMessage();
    } catch (Throwable e) { // a getMessage() that throws, anything at all, must not cost the worker
      message = "<getMessage() threw " + e.getClass().getName() + ">";
    }
    return new RemoteFailure(thrown.getClass().getName(), message == null ? "" : message, stackText(thrown), serialize(thrown));
  }

  private static byte @Nullable [] serialize(Throwable thrown) {
    try {
      return Codec.encode(thrown);
    } catch (Throwable e) { // a writeObject of the user's may throw anything
      return null; // not serializable (a field that is not): the parent gets the type, message and stack text
    }
  }

  /**
   * What {@code printStackTrace} prints; when that throws (a {@code toString()} that throws), the same
   * written out here with each failing call replaced by a note. Written out rather than taken from Commons Lang
   * because a child JVM runs this, and opening one more jar costs it milliseconds.
   */
  static String stackText(Throwable thrown) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      thrown.printStackTrace(out);
    } catch (Throwable e) {
      StringBuilder safe = new StringBuilder();
      appendSafely(safe, thrown, "", Collections.newSetFromMap(new IdentityHashMap<>()));
      return safe.toString();
    }
    return text.toString();
  }

  private static void appendSafely(StringBuilder out, Throwable thrown, String caption, Set<Throwable> seen) {
    if (!seen.add(thrown)) {
      out.append(caption).append("[CIRCULAR REFERENCE: ").append(thrown.getClass().getName()).append("]\n");
      return;
    }
    out.append(caption).append(safeToString(thrown)).append('\n');
    try {
      for (StackTraceElement element : thrown.getStackTrace()) {
        out.append("\tat ").append(element).append('\n');
      }
    } catch (Throwable e) {
      out.append("\t<getStackTrace() threw ").append(e.getClass().getName()).append(">\n");
    }
    try {
      for (Throwable suppressed : thrown.getSuppressed()) {
        appendSafely(out, suppressed, "Suppressed: ", seen);
      }
      Throwable cause = thrown.getCause();
      if (cause != null) {
        appendSafely(out, cause, "Caused by: ", seen);
      }
    } catch (Throwable e) {
      out.append("\t<getCause() threw ").append(e.getClass().getName()).append(">\n");
    }
  }

  private static String safeToString(Throwable thrown) {
    try {
      return thrown.toString();
    } catch (Throwable e) {
      return thrown.getClass().getName() + ": <toString() threw " + e.getClass().getName() + ">";
    }
  }

  /**
   * Encodes as three exact strings ({@link ExactStrings}) and the serialized form, within {@code maxBytes}: if the
   * whole does not fit, the serialized form is dropped, then the message and the stack text are cut to
   * {@link #TRUNCATED_CHARS} characters each, with a note.
   *
   * @param maxBytes the largest encoding allowed
   * @return the bytes
   */
  public byte[] encode(int maxBytes) {
    byte[] whole = encodeParts(message, stack, serialized);
    if (whole.length <= maxBytes) {
      return whole;
    }
    byte[] withoutForm = encodeParts(message, stack, null);
    if (withoutForm.length <= maxBytes) {
      return withoutForm;
    }
    return encodeParts(cut(message, maxBytes), cut(stack, maxBytes), null);
  }

  private static String cut(String text, int maxBytes) {
    int keep = Math.min(TRUNCATED_CHARS, Math.max(0, maxBytes / 8));
    if (text.length() <= keep) {
      return text;
    }
    return text.substring(0, keep) + "... (" + (text.length() - keep) + " more characters cut: the failure was above"
        + " TransferLimits.maxFrameBytes = " + maxBytes + ")";
  }

  private byte[] encodeParts(String message, String stack, byte @Nullable [] form) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      ExactStrings.write(out, type);
      ExactStrings.write(out, message);
      ExactStrings.write(out, stack);
      out.writeInt(form == null ? -1 : form.length);
      if (form != null) {
        out.write(form);
      }
    } catch (IOException e) {
      throw TaggedPayload.memoryWriteFailed(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @param payload the bytes
   * @return the failure
   * @throws IOException if the bytes are truncated or malformed
   */
  public static RemoteFailure decode(byte[] payload) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      String type = ExactStrings.read(in);
      String message = ExactStrings.read(in);
      String stack = ExactStrings.read(in);
      int length = in.readInt();
      if (length < -1 || length > in.available()) {
        throw new IOException("malformed failure record: serialized form of " + length + " bytes");
      }
      byte[] form = length < 0 ? null : in.readNBytes(length);
      return new RemoteFailure(type, message, stack, form);
    }
  }

  /**
   * The original exception, rebuilt from its serialized form through {@code codec}'s allowlist and limits; empty
   * if there is no such form, a class in it is not allowed, or it does not decode to a {@link Throwable} of
   * {@link #type}.
   *
   * @param codec the parent's codec
   * @return the original exception, or empty
   */
  public Optional<Throwable> rebuild(Codec codec) {
    if (serialized == null) {
      return Optional.empty();
    }
    try {
      Object decoded = codec.decode(serialized);
      if (decoded instanceof Throwable original && original.getClass().getName().equals(type)) {
        return Optional.of(original);
      }
    } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
      // Not allowed here, or not decodable here: the type, message and stack text are what is left.
    }
    return Optional.empty();
  }

  /**
   * The exception a FAILURE frame's payload describes, for the task's caller: a {@link RemoteException} whose
   * cause is the original exception when {@code codec} can rebuild it ({@link #rebuild}); a malformed payload is
   * described as such, never thrown.
   *
   * @param payload the frame's payload
   * @param codec the parent's codec
   * @return the exception
   */
  public static RemoteException toRemoteException(byte[] payload, Codec codec) {
    try {
      RemoteFailure failure = decode(payload);
      return new RemoteException(failure.type(), failure.message(), failure.stack(), failure.rebuild(codec).orElse(null));
    } catch (IOException e) {
      return new RemoteException("java.io.IOException", "the child's failure report was malformed: " + e, "");
    }
  }

  /** Not the serialized bytes: their identity says nothing. */
  @Override
  public String toString() {
    return "RemoteFailure[" + type + ": " + message + "]";
  }
}
