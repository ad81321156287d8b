package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
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

/**
 * A list that crosses the process boundary compactly: a chunk of {@code map}'s arguments, or of its results.
 *
 * <p>Java serialization writes a boxed number as an object (a class reference, a handle, the value), and the
 * reader passes each one through the {@link java.io.ObjectInputFilter}. When every element is a {@link Long}, an
 * {@link Integer} or a {@link Double}, this list writes the primitive values alone, one after the other, and reads
 * them back without creating objects in the stream: the common case of {@code map} over numbers costs a few bytes
 * per item instead of a few dozen, and no filter call. Any other content (a {@code null}, a mix, any other type)
 * is written element by element as usual, through the filter.
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
    OBJECTS
  }

  private static final Packing[] PACKINGS = Packing.values();

  /** Set by the constructor or, once, by {@link #readObject}; never changed afterwards. */
  private transient List<T> items;

  private PackedList(List<T> items) {
    this.items = items;
  }

  /** A packed copy of {@code items}. */
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

  private Packing packing() {
    if (items.isEmpty()) {
      return Packing.OBJECTS;
    }
    Class<?> first = items.get(0) == null ? null : items.get(0).getClass();
    Packing packing =
        first == Long.class ? Packing.LONGS
            : first == Integer.class ? Packing.INTS
            : first == Double.class ? Packing.DOUBLES
            : Packing.OBJECTS;
    if (packing != Packing.OBJECTS) {
      for (T item : items) {
        if (item == null || item.getClass() != first) {
          return Packing.OBJECTS;
        }
      }
    }
    return packing;
  }

  /** Whether every element is a {@code Long}, every one an {@code Integer}, or every one a {@code Double}. */
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
    writeValues(out, packing);
  }

  /**
   * Reads what {@link #writePacked} wrote.
   *
   * @throws InvalidObjectException if the header is malformed
   */
  static <T> PackedList<T> readPacked(DataInput in) throws IOException {
    int tag = in.readUnsignedByte();
    int size = in.readInt();
    if (tag >= PACKINGS.length || PACKINGS[tag] == Packing.OBJECTS || size < 0) {
      throw new InvalidObjectException("malformed packed list: packing " + tag + ", size " + size);
    }
    return new PackedList<>(readValues(in, PACKINGS[tag], size));
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    Packing packing = packing();
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

  private void writeValues(DataOutput out, Packing packing) throws IOException {
    // Blocks of raw big-endian bytes, shifted by hand: one bulk write per block, and plain bytecode that a fresh
    // child JVM runs fast even before the JIT compiled it (ObjectOutputStream.writeLong does not).
    int width = packing == Packing.INTS ? Integer.BYTES : Long.BYTES;
    byte[] block = new byte[blockSize(items.size(), width)];
    int filled = 0;
    for (int index = 0, size = items.size(); index < size; index++) { // no iterator: fewer calls to interpret
      T item = items.get(index);
      long bits =
          switch (packing) {
            case LONGS -> (Long) item;
            case INTS -> (Integer) item;
            default -> Double.doubleToRawLongBits((Double) item);
          };
      if (width == Long.BYTES) { // unrolled: half the bytecodes of a loop, for a child still interpreting them
        block[filled] = (byte) (bits >>> 56);
        block[filled + 1] = (byte) (bits >>> 48);
        block[filled + 2] = (byte) (bits >>> 40);
        block[filled + 3] = (byte) (bits >>> 32);
        filled += 4;
      }
      block[filled] = (byte) (bits >>> 24);
      block[filled + 1] = (byte) (bits >>> 16);
      block[filled + 2] = (byte) (bits >>> 8);
      block[filled + 3] = (byte) bits;
      filled += 4;
      if (filled == block.length) {
        out.write(block, 0, filled);
        filled = 0;
      }
    }
    out.write(block, 0, filled);
  }

  @Serial
  @SuppressWarnings("unchecked") // the writer put Ts in; a wrong type fails where the caller uses the element
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    int tag = in.readUnsignedByte();
    int size = in.readInt();
    if (tag >= PACKINGS.length || size < 0) {
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
      for (int at = 0; at < count * width; at += width) {
        long low = (block[at + width - 4] & 0xFFL) << 24
            | (block[at + width - 3] & 0xFFL) << 16
            | (block[at + width - 2] & 0xFFL) << 8
            | (block[at + width - 1] & 0xFFL);
        long bits = width == Long.BYTES
            ? (block[at] & 0xFFL) << 56 | (block[at + 1] & 0xFFL) << 48 | (block[at + 2] & 0xFFL) << 40
                | (block[at + 3] & 0xFFL) << 32 | low
            : low;
        read.add(
            switch (packing) {
              case LONGS -> Long.valueOf(bits);
              case INTS -> Integer.valueOf((int) bits);
              default -> Double.valueOf(Double.longBitsToDouble(bits));
            });
      }
      left -= count;
    }
    return (List<T>) read;
  }
}
