package dev.concurrency.processes.internal;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.charset.StandardCharsets;

/**
 * Strings that come back equal, whatever UTF-16 they hold: UTF-8 when the string is well-formed (every
 * surrogate in a pair), its {@code char}s as they are when it holds a lone surrogate, which UTF-8 cannot carry
 * ({@code "a\uD800b".getBytes(UTF_8)} is {@code "a?b"}). A form byte, a length, then the bytes; no 64 KiB cap as in
 * {@link DataOutput#writeUTF}.
 *
 * <p>Stateless and thread-safe.
 */
final class ExactStrings {

  private static final int UTF_8 = 0;
  private static final int UTF_16 = 1;

  private ExactStrings() {}

  /** Writes {@code text}: a form byte, its length in bytes or chars, then its bytes or chars. */
  static void write(DataOutput out, String text) throws IOException {
    if (isWellFormed(text)) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      out.writeByte(UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    } else {
      out.writeByte(UTF_16);
      out.writeInt(text.length());
      out.writeChars(text);
    }
  }

  /**
   * Reads what {@link #write} wrote, from a stream over a byte array (whose {@code available()} is what is left).
   *
   * @throws InvalidObjectException if the form is unknown or the length negative or longer than what is left
   */
  static String read(DataInputStream in) throws IOException {
    int form = in.readUnsignedByte();
    int length = in.readInt();
    int width = form == UTF_16 ? Character.BYTES : 1;
    if (form != UTF_8 && form != UTF_16 || length < 0 || (long) length * width > in.available()) {
      throw new InvalidObjectException(
          "malformed string: " + length + " units of form " + form + ", but " + in.available() + " bytes are left");
    }
    if (form == UTF_8) {
      return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = in.readChar();
    }
    return new String(chars);
  }

  /** Whether every surrogate in {@code text} is half of a pair, so that UTF-8 carries it unchanged. */
  static boolean isWellFormed(String text) {
    for (int i = 0, length = text.length(); i < length; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
