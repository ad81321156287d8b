package dev.concurrency.processes.internal;

import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import org.jspecify.annotations.Nullable;

/**
 * The values that cross the process boundary without an object stream: {@code null}, {@link Boolean}, {@link
 * Integer}, {@link Long}, {@link Double}, {@link String}, and arrays of {@code long}, {@code int}, {@code double}
 * and {@code byte}. What a CPU-bound task usually returns, in a type byte and the value's bytes.
 *
 * <p>Why: Java serialization writes a stream header and a class descriptor even for a {@code long[]} of two, and
 * the reader passes every class through the {@link java.io.ObjectInputFilter}. A fresh pool worker that answers
 * a hundred tasks runs that code interpreted a hundred times, since it never gets hot enough to compile, and the
 * parent pays the decoding of each answer. Reading a plain value creates JDK value objects only, so it needs no
 * allowlist; a length is checked against the bytes left before anything is allocated for it.
 *
 * <p>Stateless and thread-safe.
 */
final class PlainValues {

  private static final int NULL = 0;
  private static final int FALSE = 1;
  private static final int TRUE = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int DOUBLE = 5;
  private static final int STRING = 6;
  private static final int LONGS = 7;
  private static final int INTS = 8;
  private static final int DOUBLES = 9;
  private static final int BYTES = 10;

  private PlainValues() {}

  /** Whether {@code value} is one of the plain types (a {@code null} is). */
  static boolean isPlain(@Nullable Object value) {
    if (value == null) {
      return true;
    }
    Class<?> type = value.getClass();
    return type == Long.class
        || type == Integer.class
        || type == Double.class
        || type == String.class
        || type == Boolean.class
        || type == long[].class
        || type == int[].class
        || type == double[].class
        || type == byte[].class;
  }

  /**
   * Writes {@code value}: a type byte, then its bytes.
   *
   * @throws IllegalArgumentException if it is not {@linkplain #isPlain plain}
   */
  static void write(DataOutput out, @Nullable Object value) throws IOException {
    // instanceof, not a switch over patterns: that bootstraps through invokedynamic, which a cold child pays for
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Long number) {
      out.writeByte(LONG);
      out.writeLong(number);
    } else if (value instanceof Integer number) {
      out.writeByte(INT);
      out.writeInt(number);
    } else if (value instanceof Double number) {
      out.writeByte(DOUBLE);
      out.writeDouble(number);
    } else if (value instanceof Boolean flag) {
      out.writeByte(flag ? TRUE : FALSE);
    } else if (value instanceof String text) {
      out.writeByte(STRING);
      ExactStrings.write(out, text); // not writeUTF: it stops at 64 KiB; not plain UTF-8: it drops lone surrogates
    } else if (value instanceof long[] numbers) {
      out.writeByte(LONGS);
      out.writeInt(numbers.length);
      for (long number : numbers) {
        out.writeLong(number);
      }
    } else if (value instanceof int[] numbers) {
      out.writeByte(INTS);
      out.writeInt(numbers.length);
      for (int number : numbers) {
        out.writeInt(number);
      }
    } else if (value instanceof double[] numbers) {
      out.writeByte(DOUBLES);
      out.writeInt(numbers.length);
      for (double number : numbers) {
        out.writeDouble(number);
      }
    } else if (value instanceof byte[] bytes) {
      out.writeByte(BYTES);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else {
      throw new IllegalArgumentException(
          "a " + value.getClass().getName() + " is not a plain value; check isPlain first");
    }
  }

  /**
   * Reads one value {@link #write} wrote, from a stream over a byte array (whose {@code available()} is what is
   * left of it).
   *
   * @throws InvalidObjectException if the type byte is unknown or a length is negative or longer than what is left
   * @throws java.io.EOFException if the stream ends inside the value
   */
  static @Nullable Object read(DataInputStream in) throws IOException {
    int type = in.readUnsignedByte();
    return switch (type) {
      case NULL -> null;
      case FALSE -> Boolean.FALSE;
      case TRUE -> Boolean.TRUE;
      case INT -> in.readInt();
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case STRING -> ExactStrings.read(in);
      case LONGS -> {
        long[] numbers = new long[length(in, Long.BYTES)];
        for (int i = 0; i < numbers.length; i++) {
          numbers[i] = in.readLong();
        }
        yield numbers;
      }
      case INTS -> {
        int[] numbers = new int[length(in, Integer.BYTES)];
        for (int i = 0; i < numbers.length; i++) {
          numbers[i] = in.readInt();
        }
        yield numbers;
      }
      case DOUBLES -> {
        double[] numbers = new double[length(in, Double.BYTES)];
        for (int i = 0; i < numbers.length; i++) {
          numbers[i] = in.readDouble();
        }
        yield numbers;
      }
      case BYTES -> readBytes(in);
      default -> throw new InvalidObjectException("malformed plain value: unknown type " + type);
    };
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[length(in, 1)];
    in.readFully(bytes);
    return bytes;
  }

  /** Reads a length of elements {@code width} bytes wide, refusing one that is negative or runs past the end. */
  private static int length(DataInputStream in, int width) throws IOException {
    int length = in.readInt();
    int left = in.available();
    if (length < 0 || (long) length * width > left) {
      throw new InvalidObjectException(
          "malformed plain value: " + length + " elements of " + width + " bytes, but " + left + " bytes are left");
    }
    return length;
  }
}
