package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An exception that happened in a child, as plain data: its class name, its message and its stack text (causes
 * included). Exceptions cross the process boundary in this form only, never as deserialized {@link Throwable}s,
 * so a child cannot make the parent instantiate an arbitrary class.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the exception's class name, such as {@code java.lang.IllegalStateException}
 * @param message its message, empty when it had none
 * @param stack the child's {@code printStackTrace} text, causes included
 */
public record RemoteFailure(String type, String message, String stack) {

  /** Checks the parts. */
  public RemoteFailure {
    requireNonNull(type, "type");
    requireNonNull(message, "message");
    requireNonNull(stack, "stack");
  }

  /** Describes a throwable caught in this process. */
  public static RemoteFailure of(Throwable thrown) {
    String message = thrown.getMessage();
    return new RemoteFailure(
        thrown.getClass().getName(), message == null ? "" : message, stackText(thrown));
  }

  /**
   * What {@code printStackTrace} prints. Written out rather than taken from Commons Lang's
   * {@code ExceptionUtils.getStackTrace} because a child JVM runs this on its start-up path, where opening one
   * more jar costs milliseconds.
   */
  private static String stackText(Throwable thrown) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      thrown.printStackTrace(out);
    }
    return text.toString();
  }

  /** Encodes as three length-prefixed UTF-8 strings. */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeString(out, type);
      writeString(out, message);
      writeString(out, stack);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes what {@link #encode()} wrote.
   *
   * @throws IOException if the bytes are truncated or malformed
   */
  public static RemoteFailure decode(byte[] payload) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      return new RemoteFailure(readString(in), readString(in), readString(in));
    }
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("malformed failure record: string length " + length);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
