package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-length list of simple values stored in a {@link SharedMemory} segment: every process that attaches it
 * by name reads and writes the same items.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=shareableList}
 *
 * <p><b>Items.</b> A list holds integers ({@code Long}, {@code Integer}, {@code Short}, {@code Byte}: read back as
 * {@code Long}), floating-point numbers ({@code Double}, {@code Float}: read back as {@code Double}),
 * {@code Boolean}s, {@code String}s (UTF-8), {@code byte[]}s and {@code null}. Each item has a slot of 8 bytes, or,
 * for a string or byte array, of the next multiple of 8 above its length (a string's in characters, as Python's,
 * or in UTF-8 bytes if those are more); a later string or byte array must fit
 * the slot ({@code "exceeds available storage"} otherwise), and trailing zero bytes of one are not kept, as in
 * Python. The length is fixed: {@code add} and {@code remove} are unsupported. Reads and writes of an item are not
 * synchronized: guard compound updates with a {@link SharedLock}.
 *
 * <p><b>Lifetime.</b> As its {@link #shm()}: {@code shm().close()} lets go of this handle, {@code shm().unlink()}
 * removes the segment. A list is serializable by name: a process that deserializes it attaches the segment (and
 * fails with {@link java.nio.file.NoSuchFileException} if it was unlinked).
 *
 * <p>This class is thread-safe in the sense of {@link SharedMemory}: item access is plain memory access.
 *
 * <p><b>Python:</b> {@code multiprocessing.shared_memory.ShareableList}: indexing is {@link #get}/{@link #set},
 * {@code len}, {@code count}, {@code index} ({@link #indexOf}, {@code -1} where Python raises
 * {@code ValueError}), {@code format}, {@code shm}. Differences: no negative indexes; integers come back as
 * {@code Long} and floats as {@code Double}; the layout in the segment is this module's own.
 */
public final class ShareableList extends AbstractList<@Nullable Object> implements RandomAccess, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private static final int ALIGNMENT = 8;
  private static final byte NUMBER = 0;
  private static final byte STRING = 1;
  private static final byte BYTES = 2;
  private static final byte NONE = 3;

  private transient SharedMemory shm;
  private transient int length;

  /*
   * Layout (big-endian): the length N; N + 1 offsets of the items' slots from the data area's start; the data
   * area; N formats of 8 ASCII bytes each (Python's struct formats: q, d, xxxxxxx?, xxxxxx?x, <n>s); N kind bytes
   * (number, string, bytes, none), which say how to read an item back.
   */

  private ShareableList(SharedMemory shm) {
    this.shm = shm;
    this.length = (int) shm.buf().getLong(0);
  }

  /**
   * A new list holding {@code items}, in a fresh segment.
   *
   * @param items the items
   * @return the list
   * @throws IllegalArgumentException if an item is of another type than those the class comment lists
   * @throws IOException if the segment cannot be made
   */
  public static ShareableList create(List<?> items) throws IOException {
    return create(items, null);
  }

  /**
   * A new list holding {@code items}, in a segment named {@code name} (a fresh name if null).
   *
   * @param items the items
   * @param name the segment's name, or null for a fresh one
   * @return the list
   * @throws java.nio.file.FileAlreadyExistsException if a segment of that name exists
   * @throws IllegalArgumentException if an item is of another type than those the class comment lists
   * @throws IOException if the segment cannot be made
   */
  public static ShareableList create(List<?> items, @Nullable String name) throws IOException {
    List<?> values = new ArrayList<>(items); // a copy: the source may change meanwhile, or be this list
    int n = values.size();
    long[] offsets = new long[n + 1];
    String[] formats = new String[n];
    for (int i = 0; i < n; i++) {
      formats[i] = formatOf(values.get(i), -1);
      offsets[i + 1] = offsets[i] + slotSize(formats[i]);
    }
    long size = 8 + 8L * (n + 1) + offsets[n] + 8L * n + n;
    SharedMemory.Builder builder = SharedMemory.builder().size((int) Math.max(1, size));
    if (name != null) {
      builder.name(name);
    }
    SharedMemory shm = builder.create();
    ByteBuffer buf = shm.buf();
    buf.putLong(0, n);
    for (int i = 0; i <= n; i++) {
      buf.putLong(8 + 8 * i, offsets[i]);
    }
    ShareableList list = new ShareableList(shm);
    for (int i = 0; i < n; i++) {
      list.write(i, formats[i], values.get(i));
    }
    return list;
  }

  /**
   * Attaches the list in the segment {@code name}.
   *
   * @param name the segment's name
   * @return the list
   * @throws java.nio.file.NoSuchFileException if there is no segment of that name
   * @throws IOException if it cannot be mapped
   */
  public static ShareableList attach(String name) throws IOException {
    return new ShareableList(SharedMemory.attach(requireNonNull(name, "name")));
  }

  /** {@return the segment that holds the list} */
  public SharedMemory shm() {
    return shm;
  }

  @Override
  public int size() {
    return length;
  }

  /** {@return the items' formats, concatenated, as Python's {@code format}} */
  public String format() {
    StringBuilder format = new StringBuilder();
    for (int i = 0; i < length; i++) {
      format.append(format(i));
    }
    return format.toString();
  }

  @Override
  public @Nullable Object get(int index) {
    Objects.checkIndex(index, length);
    ByteBuffer buf = shm.buf();
    int at = dataStart() + (int) offset(buf, index);
    String format = format(index);
    return switch (buf.get(kindsStart() + index)) {
      case STRING -> new String(stripped(buf, at, slotSize(format)), StandardCharsets.UTF_8);
      case BYTES -> stripped(buf, at, slotSize(format));
      case NONE -> null;
      default -> switch (format) {
        case "q" -> buf.getLong(at);
        case "d" -> buf.getDouble(at);
        default -> buf.get(at + 7) != 0; // xxxxxxx?: the flag in the slot's last byte
      };
    };
  }

  /**
   * Replaces item {@code index}, which may change its type; a string or byte array must fit the item's slot.
   *
   * @return the previous item
   * @throws IndexOutOfBoundsException if {@code index} is not {@code 0..size()-1}
   * @throws IllegalArgumentException if the value's type is not supported, or it "exceeds available storage"
   */
  @Override
  public @Nullable Object set(int index, @Nullable Object value) {
    Objects.checkIndex(index, length);
    Object previous = get(index);
    ByteBuffer buf = shm.buf();
    int slot = (int) (offset(buf, index + 1) - offset(buf, index));
    String format = formatOf(value, slot);
    write(index, format, value);
    return previous;
  }

  /**
   * How many items equal {@code value} (byte arrays by content), as Python's {@code count}.
   *
   * @param value the value to count
   * @return the number of equal items
   */
  public int count(@Nullable Object value) {
    int count = 0;
    for (int i = 0; i < length; i++) {
      if (same(get(i), value)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public int indexOf(@Nullable Object value) {
    for (int i = 0; i < length; i++) {
      if (same(get(i), value)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean same(@Nullable Object item, @Nullable Object value) {
    if (item instanceof byte[] bytes && value instanceof byte[] other) {
      return Arrays.equals(bytes, other);
    }
    if (item instanceof Long number && value instanceof Number other && !(other instanceof Double || other instanceof Float)) {
      return number == other.longValue();
    }
    return Objects.equals(item, value);
  }

  /** The format of a value; for a string or byte array, {@code slot} bytes long ({@code -1}: its own length). */
  private static String formatOf(@Nullable Object value, int slot) {
    if (value == null) {
      return "xxxxxx?x";
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return "q";
    }
    if (value instanceof Double || value instanceof Float) {
      return "d";
    }
    if (value instanceof Boolean) {
      return "xxxxxxx?";
    }
    byte[] bytes = encoded(value);
    if (slot < 0) {
      // Python sizes a string's slot by its characters, a byte array's by its bytes; a string whose UTF-8 is
      // longer than that slot gets one its bytes fit (Python would cut it).
      int basis = value instanceof String text ? text.codePointCount(0, text.length()) : bytes.length;
      int size = ALIGNMENT * (basis / ALIGNMENT + 1);
      return (bytes.length <= size ? size : ALIGNMENT * (bytes.length / ALIGNMENT + 1)) + "s";
    }
    if (bytes.length > slot) {
      throw new IllegalArgumentException("bytes/str item exceeds available storage: " + bytes.length + " bytes for a"
          + " slot of " + slot);
    }
    return slot + "s";
  }

  private static byte[] encoded(Object value) {
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    throw new IllegalArgumentException("a ShareableList holds integers, floating-point numbers, booleans, strings,"
        + " byte arrays and null, not " + value.getClass().getName());
  }

  private static int slotSize(String format) {
    return format.endsWith("s") ? Integer.parseInt(format.substring(0, format.length() - 1)) : ALIGNMENT;
  }

  private void write(int index, String format, @Nullable Object value) {
    ByteBuffer buf = shm.buf();
    int at = dataStart() + (int) offset(buf, index);
    int slot = (int) (offset(buf, index + 1) - offset(buf, index));
    byte kind;
    if (value == null) {
      kind = NONE;
      zero(buf, at, slot);
    } else if (format.endsWith("s")) {
      kind = value instanceof String ? STRING : BYTES;
      byte[] bytes = encoded(value);
      zero(buf, at, slot);
      buf.put(at, bytes);
    } else {
      kind = NUMBER;
      switch (format) {
        case "q" -> buf.putLong(at, ((Number) value).longValue());
        case "d" -> buf.putDouble(at, ((Number) value).doubleValue());
        default -> {
          zero(buf, at, slot);
          buf.put(at + 7, (byte) ((Boolean) value ? 1 : 0));
        }
      }
    }
    byte[] formatBytes = Arrays.copyOf(format.getBytes(StandardCharsets.US_ASCII), 8);
    buf.put(formatsStart() + 8 * index, formatBytes);
    buf.put(kindsStart() + index, kind);
  }

  private static void zero(ByteBuffer buf, int at, int length) {
    buf.put(at, new byte[length]);
  }

  private static byte[] stripped(ByteBuffer buf, int at, int slot) {
    int end = slot;
    while (end > 0 && buf.get(at + end - 1) == 0) {
      end--;
    }
    byte[] bytes = new byte[end];
    buf.get(at, bytes);
    return bytes;
  }

  private String format(int index) {
    byte[] bytes = new byte[8];
    shm.buf().get(formatsStart() + 8 * index, bytes);
    int end = 8;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.US_ASCII);
  }

  private static long offset(ByteBuffer buf, int index) {
    return buf.getLong(8 + 8 * index);
  }

  private int dataStart() {
    return 8 + 8 * (length + 1);
  }

  private int formatsStart() {
    return dataStart() + (int) offset(shm.buf(), length);
  }

  private int kindsStart() {
    return formatsStart() + 8 * length;
  }

  /**
   * Writes the segment's name.
   *
   * @param out the stream
   * @throws IOException if the stream fails
   */
  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeUTF(shm.name());
  }

  /**
   * Reads the segment's name and attaches it (untracked).
   *
   * @param in the stream
   * @throws IOException if the stream fails or the segment cannot be attached
   * @throws ClassNotFoundException never, for this class's fields
   */
  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    String name = in.readUTF();
    try {
      shm = SharedMemory.attach(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectException(e.getMessage());
    }
    length = (int) shm.buf().getLong(0);
  }

  @Override
  public String toString() {
    List<Object> shown = new ArrayList<>();
    for (Object item : this) {
      shown.add(item instanceof byte[] bytes ? "b'" + new String(bytes, StandardCharsets.ISO_8859_1) + "'" : item);
    }
    return "ShareableList(" + shown + ", name='" + shm.name() + "')";
  }
}
