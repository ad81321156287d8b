package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A list that crosses the process boundary compactly: a chunk of {@code map}'s arguments, or of its results.
 *
 * <p>Java serialization writes a boxed number as an object (a class reference, a handle, the value), and the
 * reader passes each one through the {@link java.io.ObjectInputFilter}. When every element is a {@link Long}, an
 * {@link Integer} or a {@link Double}, this list writes the primitive values alone, one after the other, and reads
 * them back without creating objects in the stream: the common case of {@code map} over numbers costs a few bytes
 * per item instead of a few dozen, and no filter call. A list of other {@linkplain PlainValues plain values}
 * (strings, arrays of numbers, {@code null}s, a mix of them) packs each element with a type byte. Any other
 * content is written element by element as usual, through the filter.
 *
 * <p>The list is unmodifiable. Not thread-safe to construct; safe to read from several threads once published.
 *
 * @param <T> the element type
 */
public final class PackedList<T> extends AbstractList<T> implements RandomAccess, Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** The most capacity a reader reserves before it has read the elements: a length field can lie. */
  private static final int MAX_RESERVED = 1 << 16;

  /**
   * Bytes per bulk write or read of packed values, at most: a list smaller than that gets a block of its own size,
   * since {@code map(fn, items, 1)} sends one item per chunk and would otherwise allocate 8 KiB each way for 8 bytes.
   */
  private static final int BLOCK_BYTES = 8192;

  /** How the elements are written. */
  private enum Packing {
    LONGS,
    INTS,
    DOUBLES,
    OBJECTS,
    /** Each element a {@linkplain PlainValues plain value} of its own type: mixed numbers, strings, arrays. */
    PLAIN
  }

  private static final Packing[] PACKINGS = Packing.values();

  /** Set by the constructor or, once, by {@link #readObject}; never changed afterwards. */
  private transient List<T> items;

  private transient @Nullable Packing packing;

  private PackedList(List<T> items) {
    this.items = items;
  }

  /**
   * A packed copy of {@code items}.
   *
   * @param <T> the elements' type
   * @param items the elements
   * @return the packed copy
   */
  public static <T> PackedList<T> copyOf(List<T> items) {
    return new PackedList<>(new ArrayList<>(requireNonNull(items, "items")));
  }

  /** Wraps {@code items}, which the caller hands over and no longer changes. */
  static <T> PackedList<T> wrap(ArrayList<T> items) {
    return new PackedList<>(items);
  }

  /** The elements, for this package's loops: indexing them directly saves a child's interpreter two calls each. */
  List<T> items() {
    return items;
  }

  @Override
  public T get(int index) {
    return items.get(index);
  }

  @Override
  public int size() {
    return items.size();
  }

  /**
   * How the elements are written, worked out once: a chunk's list is checked by {@code packs()} and then written,
   * and a 12,500-item scan was twice the work. The list never changes, so a racing second scan finds the same.
   */
  private Packing packing() {
    Packing known = packing;
    if (known == null) {
      known = scan();
      packing = known;
    }
    return known;
  }

  private Packing scan() {
    if (items.isEmpty()) {
      return Packing.OBJECTS;
    }
    T head = items.get(0);
    Class<?> type = head == null ? null : head.getClass();
    Packing numbers =
        type == Long.class ? Packing.LONGS
            : type == Integer.class ? Packing.INTS
            : type == Double.class ? Packing.DOUBLES
            : null;
    if (numbers != null && allOf(type)) {
      return numbers;
    }
    return allPlain() ? Packing.PLAIN : Packing.OBJECTS;
  }

  private boolean allOf(Class<?> type) {
    for (int i = 0, size = items.size(); i < size; i++) { // indexed: a fresh worker interprets this at first
      T item = items.get(i);
      if (item == null || item.getClass() != type) {
        return false;
      }
    }
    return true;
  }

  private boolean allPlain() {
    for (int i = 0, size = items.size(); i < size; i++) {
      if (!PlainValues.isPlain(items.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the list is not empty and every element is a {@linkplain PlainValues plain value} (most compactly,
   * all {@code Long}s, all {@code Integer}s or all {@code Double}s).
   */
  boolean packs() {
    return packing() != Packing.OBJECTS;
  }

  /**
   * Writes the packed form (packing, size, the values) to a plain data stream, for a list that {@link #packs()}:
   * what {@link StaticChunk} sends without an object stream.
   *
   * @throws IllegalStateException if the list does not pack
   */
  void writePacked(DataOutput out) throws IOException {
    Packing packing = packing();
    if (packing == Packing.OBJECTS) {
      throw new IllegalStateException("a list of objects does not pack; check packs() first");
    }
    out.writeByte(packing.ordinal());
    out.writeInt(items.size());
    if (packing == Packing.PLAIN) {
      for (int i = 0, size = items.size(); i < size; i++) {
        PlainValues.write(out, items.get(i));
      }
      return;
    }
    writeValues(out, packing);
  }

  /**
   * Reads what {@link #writePacked} wrote, from a stream over a byte array.
   *
   * @throws InvalidObjectException if the header or a plain value is malformed
   */
  @SuppressWarnings("unchecked") // the writer put Ts in; a wrong type fails where the caller uses the element
  static <T> PackedList<T> readPacked(DataInputStream in) throws IOException {
    int tag = in.readUnsignedByte();
    int size = in.readInt();
    if (tag >= PACKINGS.length || PACKINGS[tag] == Packing.OBJECTS || size < 0) {
      throw new InvalidObjectException("malformed packed list: packing " + tag + ", size " + size);
    }
    if (PACKINGS[tag] == Packing.PLAIN) {
      ArrayList<Object> read = new ArrayList<>(Math.min(size, MAX_RESERVED));
      for (int i = 0; i < size; i++) {
        read.add(PlainValues.read(in));
      }
      return new PackedList<>((List<T>) read);
    }
    return new PackedList<>(readValues(in, PACKINGS[tag], size));
  }

  /**
   * Writes the packing, the size and the elements: primitive values alone for numbers, objects otherwise.
   *
   * @param out the object stream
   * @throws IOException if the stream fails or an element cannot be serialized
   */
  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    // Plain values go as objects here: read back through an object stream, their lengths cannot be checked
    // against the bytes left, and the stream's own handles already keep repeated strings small.
    Packing packing = packing();
    if (packing == Packing.PLAIN) {
      packing = Packing.OBJECTS;
    }
    out.writeByte(packing.ordinal());
    out.writeInt(items.size());
    if (packing == Packing.OBJECTS) {
      for (T item : items) {
        out.writeObject(item);
      }
      return;
    }
    writeValues(out, packing);
  }

  /** The block for {@code size} values of {@code width} bytes: a whole number of values, at most {@link #BLOCK_BYTES}. */
  private static int blockSize(int size, int width) {
    return (int) Math.min(BLOCK_BYTES, Math.max(1L, size) * width);
  }

  /*
   * The values go in blocks of raw big-endian bytes, shifted by hand: one bulk write or read per block, and plain
   * bytecode that a fresh child JVM runs fast even before the JIT compiled it (ObjectOutputStream.writeLong, a
   * VarHandle or a ByteBuffer view do not). One small loop per type, not one loop switching on the type: a fresh
   * worker's C2 compiled the single loop in 30 ms, while the 100,000 items it was there for went by.
   */

  private void writeValues(DataOutput out, Packing packing) throws IOException {
    int width = packing == Packing.INTS ? Integer.BYTES : Long.BYTES;
    byte[] block = new byte[blockSize(items.size(), width)];
    int perBlock = block.length / width;
    for (int from = 0, size = items.size(); from < size; from += perBlock) {
      int count = Math.min(perBlock, size - from);
      switch (packing) {
        case LONGS -> putLongs(items, from, count, block);
        case INTS -> putInts(items, from, count, block);
        default -> putDoubles(items, from, count, block);
      }
      out.write(block, 0, count * width);
    }
  }

  private static void putLongs(List<?> items, int from, int count, byte[] block) {
    for (int i = 0; i < count; i++) {
      putLong(block, i * Long.BYTES, (Long) items.get(from + i));
    }
  }

  private static void putInts(List<?> items, int from, int count, byte[] block) {
    for (int i = 0; i < count; i++) {
      int bits = (Integer) items.get(from + i);
      int at = i * Integer.BYTES;
      block[at] = (byte) (bits >>> 24);
      block[at + 1] = (byte) (bits >>> 16);
      block[at + 2] = (byte) (bits >>> 8);
      block[at + 3] = (byte) bits;
    }
  }

  private static void putDoubles(List<?> items, int from, int count, byte[] block) {
    for (int i = 0; i < count; i++) {
      putLong(block, i * Long.BYTES, Double.doubleToRawLongBits((Double) items.get(from + i)));
    }
  }

  private static void putLong(byte[] block, int at, long bits) {
    block[at] = (byte) (bits >>> 56);
    block[at + 1] = (byte) (bits >>> 48);
    block[at + 2] = (byte) (bits >>> 40);
    block[at + 3] = (byte) (bits >>> 32);
    block[at + 4] = (byte) (bits >>> 24);
    block[at + 5] = (byte) (bits >>> 16);
    block[at + 6] = (byte) (bits >>> 8);
    block[at + 7] = (byte) bits;
  }

  /**
   * Reads what {@link #writeObject} wrote, reserving no more room than {@link #MAX_RESERVED} before the elements are
   * read: a size field can lie.
   *
   * @param in the object stream
   * @throws IOException if the stream is malformed
   * @throws ClassNotFoundException if an element's class is not on the class path
   */
  @Serial
  @SuppressWarnings("unchecked") // the writer put Ts in; a wrong type fails where the caller uses the element
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    int tag = in.readUnsignedByte();
    int size = in.readInt();
    if (tag >= PACKINGS.length || PACKINGS[tag] == Packing.PLAIN || size < 0) {
      throw new InvalidObjectException("malformed packed list: packing " + tag + ", size " + size);
    }
    Packing packing = PACKINGS[tag];
    if (packing == Packing.OBJECTS) {
      ArrayList<Object> read = new ArrayList<>(Math.min(size, MAX_RESERVED));
      for (int i = 0; i < size; i++) {
        read.add(in.readObject());
      }
      items = (List<T>) read;
      return;
    }
    items = readValues(in, packing, size);
  }

  @SuppressWarnings("unchecked") // the writer put Ts in; a wrong type fails where the caller uses the element
  private static <T> List<T> readValues(DataInput in, Packing packing, int size) throws IOException {
    ArrayList<Object> read = new ArrayList<>(Math.min(size, MAX_RESERVED));
    int width = packing == Packing.INTS ? Integer.BYTES : Long.BYTES;
    byte[] block = new byte[blockSize(size, width)];
    int left = size;
    while (left > 0) { // block by block, so a lying size fails at the end of the stream, not in an allocation
      int count = Math.min(left, block.length / width);
      in.readFully(block, 0, count * width);
      switch (packing) {
        case LONGS -> addLongs(block, count, read);
        case INTS -> addInts(block, count, read);
        default -> addDoubles(block, count, read);
      }
      left -= count;
    }
    return (List<T>) read;
  }

  private static void addLongs(byte[] block, int count, ArrayList<Object> read) {
    for (int i = 0; i < count; i++) {
      read.add(Long.valueOf(getLong(block, i * Long.BYTES)));
    }
  }

  private static void addInts(byte[] block, int count, ArrayList<Object> read) {
    for (int i = 0; i < count; i++) {
      int at = i * Integer.BYTES;
      read.add(Integer.valueOf(
          (block[at] & 0xFF) << 24 | (block[at + 1] & 0xFF) << 16 | (block[at + 2] & 0xFF) << 8 | block[at + 3] & 0xFF));
    }
  }

  private static void addDoubles(byte[] block, int count, ArrayList<Object> read) {
    for (int i = 0; i < count; i++) {
      read.add(Double.valueOf(Double.longBitsToDouble(getLong(block, i * Long.BYTES))));
    }
  }

  private static long getLong(byte[] block, int at) {
    return (block[at] & 0xFFL) << 56
        | (block[at + 1] & 0xFFL) << 48
        | (block[at + 2] & 0xFFL) << 40
        | (block[at + 3] & 0xFFL) << 32
        | (block[at + 4] & 0xFFL) << 24
        | (block[at + 5] & 0xFFL) << 16
        | (block[at + 6] & 0xFFL) << 8
        | (block[at + 7] & 0xFFL);
  }
}
