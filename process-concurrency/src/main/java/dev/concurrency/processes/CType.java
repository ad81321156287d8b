package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The C types a {@link SharedValue} or {@link SharedArray} holds, by their Python type codes: each says its size
 * in shared memory and the Java type it reads as.
 *
 * <table>
 *   <caption>Type codes</caption>
 *   <tr><th>code</th><th>constant</th><th>C type</th><th>bytes</th><th>Java type</th></tr>
 *   <tr><td>{@code c}</td><td>{@link #CHAR}</td><td>char (one byte of a byte string)</td><td>1</td><td>{@code Byte}</td></tr>
 *   <tr><td>{@code b}</td><td>{@link #BYTE}</td><td>signed char</td><td>1</td><td>{@code Byte}</td></tr>
 *   <tr><td>{@code B}</td><td>{@link #UNSIGNED_BYTE}</td><td>unsigned char</td><td>1</td><td>{@code Short}</td></tr>
 *   <tr><td>{@code ?}</td><td>{@link #BOOL}</td><td>_Bool</td><td>1</td><td>{@code Boolean}</td></tr>
 *   <tr><td>{@code h}</td><td>{@link #SHORT}</td><td>short</td><td>2</td><td>{@code Short}</td></tr>
 *   <tr><td>{@code H}</td><td>{@link #UNSIGNED_SHORT}</td><td>unsigned short</td><td>2</td><td>{@code Integer}</td></tr>
 *   <tr><td>{@code u}</td><td>{@link #WCHAR}</td><td>a UTF-16 code unit</td><td>2</td><td>{@code Character}</td></tr>
 *   <tr><td>{@code i}</td><td>{@link #INT}</td><td>int</td><td>4</td><td>{@code Integer}</td></tr>
 *   <tr><td>{@code I}</td><td>{@link #UNSIGNED_INT}</td><td>unsigned int</td><td>4</td><td>{@code Long}</td></tr>
 *   <tr><td>{@code f}</td><td>{@link #FLOAT}</td><td>float</td><td>4</td><td>{@code Float}</td></tr>
 *   <tr><td>{@code l}, {@code q}</td><td>{@link #LONG}, {@link #LONG_LONG}</td><td>long, long long</td><td>8</td><td>{@code Long}</td></tr>
 *   <tr><td>{@code L}, {@code Q}</td><td>{@link #UNSIGNED_LONG}, {@link #UNSIGNED_LONG_LONG}</td><td>unsigned</td><td>8</td><td>{@code Long} (the bits; read with {@link Long#toUnsignedString(long)})</td></tr>
 *   <tr><td>{@code d}</td><td>{@link #DOUBLE}</td><td>double</td><td>8</td><td>{@code Double}</td></tr>
 * </table>
 *
 * <p>Values are stored in native byte order, aligned to their size. An unsigned type refuses a value outside
 * its range with an {@link IllegalArgumentException}.
 *
 * <p>Instances are immutable and thread-safe; each type code has one instance (also after deserialization).
 *
 * <p><b>Python:</b> the type codes of {@code multiprocessing.Value} and {@code Array} (those of the {@code array}
 * module, mapped to {@code ctypes}). Differences: {@code l} and {@code L} are 8 bytes everywhere (C's
 * {@code long} is 4 bytes on Windows); {@code u} is a 2-byte UTF-16 unit (Python's {@code wchar_t} is 4 bytes on
 * Linux); ctypes structures have no counterpart.
 *
 * @param <T> the Java type a value of this C type reads as
 */
public final class CType<T> implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** {@code c}: one byte of a byte string (Python's {@code b'x'}). */
  public static final CType<Byte> CHAR = new CType<>("c", 1, Byte.class, Kind.BYTE);
  /** {@code b}: signed char. */
  public static final CType<Byte> BYTE = new CType<>("b", 1, Byte.class, Kind.BYTE);
  /** {@code B}: unsigned char, 0 to 255. */
  public static final CType<Short> UNSIGNED_BYTE = new CType<>("B", 1, Short.class, Kind.UNSIGNED_BYTE);
  /** {@code ?}: a C {@code _Bool}. */
  public static final CType<Boolean> BOOL = new CType<>("?", 1, Boolean.class, Kind.BOOL);
  /** {@code h}: short. */
  public static final CType<Short> SHORT = new CType<>("h", 2, Short.class, Kind.SHORT);
  /** {@code H}: unsigned short, 0 to 65535. */
  public static final CType<Integer> UNSIGNED_SHORT = new CType<>("H", 2, Integer.class, Kind.UNSIGNED_SHORT);
  /** {@code u}: a UTF-16 code unit. */
  public static final CType<Character> WCHAR = new CType<>("u", 2, Character.class, Kind.CHARACTER);
  /** {@code i}: int. */
  public static final CType<Integer> INT = new CType<>("i", 4, Integer.class, Kind.INT);
  /** {@code I}: unsigned int, 0 to 2<sup>32</sup> - 1. */
  public static final CType<Long> UNSIGNED_INT = new CType<>("I", 4, Long.class, Kind.UNSIGNED_INT);
  /** {@code f}: float. */
  public static final CType<Float> FLOAT = new CType<>("f", 4, Float.class, Kind.FLOAT);
  /** {@code l}: long, 8 bytes. */
  public static final CType<Long> LONG = new CType<>("l", 8, Long.class, Kind.LONG);
  /** {@code L}: unsigned long, 8 bytes, as the bits of a Java {@code long}. */
  public static final CType<Long> UNSIGNED_LONG = new CType<>("L", 8, Long.class, Kind.LONG);
  /** {@code q}: long long. */
  public static final CType<Long> LONG_LONG = new CType<>("q", 8, Long.class, Kind.LONG);
  /** {@code Q}: unsigned long long, as the bits of a Java {@code long}. */
  public static final CType<Long> UNSIGNED_LONG_LONG = new CType<>("Q", 8, Long.class, Kind.LONG);
  /** {@code d}: double. */
  public static final CType<Double> DOUBLE = new CType<>("d", 8, Double.class, Kind.DOUBLE);

  private static final List<CType<?>> ALL = List.of(CHAR, BYTE, UNSIGNED_BYTE, BOOL, SHORT, UNSIGNED_SHORT, WCHAR,
      INT, UNSIGNED_INT, FLOAT, LONG, UNSIGNED_LONG, LONG_LONG, UNSIGNED_LONG_LONG, DOUBLE);

  /** How the bytes are read and written. */
  private enum Kind {
    BYTE, UNSIGNED_BYTE, BOOL, SHORT, UNSIGNED_SHORT, CHARACTER, INT, UNSIGNED_INT, FLOAT, LONG, DOUBLE
  }

  /** The Python type code, which is also the serialized form. */
  private final String typecode;
  /** The size in bytes. */
  private final int size;
  private final transient Class<T> javaType;
  private final transient Kind kind;

  private CType(String typecode, int size, Class<T> javaType, Kind kind) {
    this.typecode = typecode;
    this.size = size;
    this.javaType = javaType;
    this.kind = kind;
  }

  /**
   * The type of a Python type code.
   *
   * @param typecode a type code such as {@code d} or {@code i}
   * @return the one instance of that type
   * @throws IllegalArgumentException if the code is not one of the table's
   */
  public static CType<?> of(String typecode) {
    requireNonNull(typecode, "typecode");
    for (CType<?> type : ALL) {
      if (type.typecode.equals(typecode)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown type code '" + typecode + "'; use one of c b B ? h H u i I f l L q Q d");
  }

  /** {@return the Python type code} */
  public String typecode() {
    return typecode;
  }

  /** {@return the size in bytes} */
  public int size() {
    return size;
  }

  /** {@return the Java type a value reads as} */
  public Class<T> javaType() {
    return javaType;
  }

  /** The value of zero bytes. */
  T zero() {
    return read(ByteBuffer.allocate(8), 0);
  }

  /** Reads a value at {@code offset} of {@code bytes} (native byte order). */
  T read(ByteBuffer bytes, int offset) {
    Object value = switch (kind) {
      case BYTE -> bytes.get(offset);
      case UNSIGNED_BYTE -> (short) (bytes.get(offset) & 0xFF);
      case BOOL -> bytes.get(offset) != 0;
      case SHORT -> bytes.getShort(offset);
      case UNSIGNED_SHORT -> bytes.getShort(offset) & 0xFFFF;
      case CHARACTER -> bytes.getChar(offset);
      case INT -> bytes.getInt(offset);
      case UNSIGNED_INT -> bytes.getInt(offset) & 0xFFFF_FFFFL;
      case FLOAT -> bytes.getFloat(offset);
      case LONG -> bytes.getLong(offset);
      case DOUBLE -> bytes.getDouble(offset);
    };
    return javaType.cast(value);
  }

  /**
   * Writes {@code value} at {@code offset} of {@code bytes}.
   *
   * @throws IllegalArgumentException if an unsigned type gets a value outside its range
   * @throws NullPointerException if {@code value} is null
   */
  void write(ByteBuffer bytes, int offset, T value) {
    requireNonNull(value, "a shared value cannot be null");
    switch (kind) {
      case BYTE -> bytes.put(offset, (Byte) value);
      case UNSIGNED_BYTE -> bytes.put(offset, (byte) checkRange((Short) value, 0xFF));
      case BOOL -> bytes.put(offset, (byte) ((Boolean) value ? 1 : 0));
      case SHORT -> bytes.putShort(offset, (Short) value);
      case UNSIGNED_SHORT -> bytes.putShort(offset, (short) checkRange((Integer) value, 0xFFFF));
      case CHARACTER -> bytes.putChar(offset, (Character) value);
      case INT -> bytes.putInt(offset, (Integer) value);
      case UNSIGNED_INT -> bytes.putInt(offset, (int) checkRange((Long) value, 0xFFFF_FFFFL));
      case FLOAT -> bytes.putFloat(offset, (Float) value);
      case LONG -> bytes.putLong(offset, (Long) value);
      case DOUBLE -> bytes.putDouble(offset, (Double) value);
    }
  }

  private long checkRange(long value, long max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("type code '" + typecode + "' holds 0.." + max + ", not " + value);
    }
    return value;
  }

  /** The one instance of the type code, whatever the stream held.
   *
   * @return the constant of this type code
   * @throws ObjectStreamException if the type code is unknown */
  @Serial
  private Object readResolve() throws ObjectStreamException {
    try {
      return of(typecode);
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectException(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "CType('" + typecode + "')";
  }
}
