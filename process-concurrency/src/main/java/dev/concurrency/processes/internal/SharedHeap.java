package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Small blocks of shared memory carved out of a few large segments ("arenas"), for the shared values, arrays
 * and synchronization primitives: one file per arena rather than one per lock.
 *
 * <p>Allocation takes the smallest free range that fits (best fit), splitting it; freeing merges a block with
 * free neighbours, and an arena that becomes entirely free is removed if it is larger than
 * {@value #DOUBLE_ARENA_UNTIL} bytes (smaller ones are kept for later allocations), as Python's heap does. New arenas
 * start at {@value #INITIAL_ARENA_BYTES} bytes and double up to {@value #DOUBLE_ARENA_UNTIL} bytes; a block larger
 * than the next arena gets one of its own size. Every block is 8-byte aligned.
 *
 * <p>Each JVM allocates from its own heap; a {@link Block} names its arena, so any process can map it. A block
 * is freed when the object that owns it in the allocating JVM becomes unreachable ({@link #freeWhenUnreachable}),
 * as Python frees a {@code Value} when its creator's object is collected: the creating process must keep the
 * object while others use the memory. Arenas are tracked segments, removed when the tracker exits.
 *
 * <p>Thread-safe: allocation and freeing are serialized by the heap's monitor.
 */
public final class SharedHeap {

  /** Every block's alignment. */
  public static final int ALIGNMENT = 8;

  /** The first arena's size. */
  public static final int INITIAL_ARENA_BYTES = 64 * 1024;

  /** Arenas double in size up to this. */
  public static final int DOUBLE_ARENA_UNTIL = 4 << 20;

  private static final SharedHeap INSTANCE = new SharedHeap();

  /** Arenas this process maps, by name: its own and other processes'. */
  private static final Map<String, Segment> MAPPED = new ConcurrentHashMap<>();

  private static final Cleaner CLEANER = Cleaner.create();

  /**
   * A block of an arena: what a shared object's handle carries to another process.
   *
   * @param arena the arena's segment name
   * @param offset where the block starts in the arena's data
   * @param size its size in bytes, a multiple of {@link #ALIGNMENT}
   */
  public record Block(String arena, int offset, int size) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    /** Checks the parts. */
    public Block {
      requireNonNull(arena, "arena");
      if (offset < 0 || size <= 0 || offset % ALIGNMENT != 0) {
        throw new IllegalArgumentException("not a heap block: offset " + offset + ", size " + size);
      }
    }
  }

  /** A free or allocated range of one arena, ordered for best fit: by length, then arena, then start. */
  private record Range(int length, int arena, int start) {
    static final Comparator<Range> BEST_FIT =
        Comparator.comparingInt(Range::length).thenComparingInt(Range::arena).thenComparingInt(Range::start);
  }

  private static final class Arena {
    final int number;
    final Segment segment;
    /** Free ranges by start, for merging with neighbours. */
    final TreeMap<Integer, Integer> free = new TreeMap<>();
    int allocated;

    Arena(int number, Segment segment) {
      this.number = number;
      this.segment = segment;
    }

    String name() {
      return segment.file().getFileName().toString();
    }
  }

  @GuardedBy("this")
  private final Map<String, Arena> arenas = new LinkedHashMap<>();

  @GuardedBy("this")
  private final TreeSet<Range> freeBySize = new TreeSet<>(Range.BEST_FIT);

  @GuardedBy("this")
  private final Map<Block, Boolean> allocated = new LinkedHashMap<>();

  @GuardedBy("this")
  private int nextArenaBytes = INITIAL_ARENA_BYTES;

  @GuardedBy("this")
  private int arenaNumbers;

  @GuardedBy("this")
  private long frees;

  /** An arena larger than this that becomes entirely free is removed; smaller ones are kept for reuse. */
  private final int discardLargerThan;

  SharedHeap() {
    this(DOUBLE_ARENA_UNTIL);
  }

  /** A heap that removes free arenas larger than {@code discardLargerThan} bytes (0: every free arena). */
  SharedHeap(int discardLargerThan) {
    this.discardLargerThan = discardLargerThan;
  }

  /** This JVM's heap. */
  public static SharedHeap instance() {
    return INSTANCE;
  }

  /**
   * Allocates a zeroed block of at least {@code size} bytes.
   *
   * @throws IllegalArgumentException if {@code size} is not positive or above {@link Segment#MAX_SIZE}
   * @throws UncheckedIOException if a new arena cannot be made
   */
  public synchronized Block allocate(int size) {
    if (size <= 0 || size > Segment.MAX_SIZE - ALIGNMENT) {
      throw new IllegalArgumentException("a shared block has 1.." + (Segment.MAX_SIZE - ALIGNMENT) + " bytes, not " + size);
    }
    int length = roundUp(size, ALIGNMENT);
    Range range = freeBySize.ceiling(new Range(length, Integer.MIN_VALUE, Integer.MIN_VALUE));
    if (range == null) {
      range = newArena(length);
    }
    Arena arena = arenaNumbered(range.arena());
    takeFree(arena, range);
    if (range.length() > length) {
      putFree(arena, range.start() + length, range.length() - length);
    }
    Block block = new Block(arena.name(), range.start(), length);
    arena.allocated++;
    allocated.put(block, Boolean.TRUE);
    zero(block);
    return block;
  }

  /**
   * Returns {@code block} to the heap.
   *
   * @throws IllegalStateException if it is not allocated here (freed twice, or another process's)
   */
  public synchronized void free(Block block) {
    if (allocated.remove(block) == null) {
      throw new IllegalStateException(block + " is not allocated in this JVM's heap (freed twice?)");
    }
    frees++;
    Arena arena = requireNonNull(arenas.get(block.arena()), "arena");
    arena.allocated--;
    int start = block.offset();
    int length = block.size();
    Map.Entry<Integer, Integer> before = arena.free.lowerEntry(start);
    if (before != null && before.getKey() + before.getValue() == start) {
      takeFree(arena, new Range(before.getValue(), arena.number, before.getKey()));
      start = before.getKey();
      length += before.getValue();
    }
    Integer after = arena.free.get(start + length);
    if (after != null) {
      takeFree(arena, new Range(after, arena.number, start + length));
      length += after;
    }
    putFree(arena, start, length);
    if (arena.allocated == 0 && arena.segment.size() > discardLargerThan) {
      discard(arena);
    }
  }

  /**
   * Frees {@code block} once {@code owner} is unreachable, unless {@code escaped} is set by then (the owner was
   * sent to another process).
   */
  public void freeWhenUnreachable(Object owner, Block block, AtomicBoolean escaped) {
    CLEANER.register(owner, new Free(this, block, escaped));
  }

  /** The cleaning action: a record, so that it holds the block, the heap and the flag, and nothing of the owner. */
  private record Free(SharedHeap heap, Block block, AtomicBoolean escaped) implements Runnable {
    @Override
    public void run() {
      if (!escaped.get()) {
        heap.free(block);
      }
    }
  }

  /** The block's bytes, in native byte order, mapping its arena first if this process has not yet. */
  public static ByteBuffer bytes(Block block) {
    return arena(block).data().slice(block.offset(), block.size()).order(ByteOrder.nativeOrder());
  }

  /**
   * Words {@code first} to {@code first + count - 1} of the block (see {@link Words}), a view that keeps
   * {@code owner}, the object the block is freed with, reachable.
   */
  static Words words(Block block, int first, int count, Object owner) {
    if (first < 0 || count < 0 || ((long) first + count) * Long.BYTES > block.size()) {
      throw new IllegalArgumentException("words " + first + " to " + (first + count - 1) + " do not fit " + block);
    }
    return new Words(arena(block).data(), block.offset() + first * Long.BYTES, count, owner);
  }

  private static Segment arena(Block block) {
    return MAPPED.computeIfAbsent(block.arena(), name -> {
      try {
        return Segment.attach(SegmentNames.internalDirectory().resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot map the shared heap's arena " + name + " (its creator's objects were"
            + " collected, or the tracking process exited?)", e);
      }
    });
  }

  @GuardedBy("this")
  private Range newArena(int atLeast) {
    int bytes = Math.max(nextArenaBytes, roundUp(atLeast, 4096));
    if (nextArenaBytes < DOUBLE_ARENA_UNTIL) {
      nextArenaBytes *= 2;
    }
    Segment segment;
    try {
      segment = Segment.create(SegmentNames.internalFile("heap"), bytes, Segment.Kind.HEAP, /* tracked= */ true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a shared-heap arena of " + bytes + " bytes", e);
    }
    Arena arena = new Arena(arenaNumbers++, segment);
    arenas.put(arena.name(), arena);
    MAPPED.put(arena.name(), segment);
    putFree(arena, 0, bytes);
    return new Range(bytes, arena.number, 0);
  }

  @GuardedBy("this")
  private void discard(Arena arena) {
    for (Map.Entry<Integer, Integer> range : List.copyOf(arena.free.entrySet())) {
      takeFree(arena, new Range(range.getValue(), arena.number, range.getKey()));
    }
    arenas.remove(arena.name());
    MAPPED.remove(arena.name());
    try {
      arena.segment.unlink();
    } catch (IOException e) {
      // gone already, or held (Windows): the tracker removes it at exit
    }
  }

  @GuardedBy("this")
  private Arena arenaNumbered(int number) {
    for (Arena arena : arenas.values()) {
      if (arena.number == number) {
        return arena;
      }
    }
    throw new IllegalStateException("no arena " + number);
  }

  @GuardedBy("this")
  private void putFree(Arena arena, int start, int length) {
    arena.free.put(start, length);
    freeBySize.add(new Range(length, arena.number, start));
  }

  @GuardedBy("this")
  private void takeFree(Arena arena, Range range) {
    arena.free.remove(range.start());
    freeBySize.remove(range);
  }

  private static void zero(Block block) {
    ByteBuffer bytes = bytes(block);
    for (int i = 0; i < block.size(); i += Long.BYTES) {
      bytes.putLong(i, 0);
    }
  }

  private static int roundUp(int value, int multiple) {
    return (value + multiple - 1) / multiple * multiple;
  }

  /**
   * How the heap is laid out now, for tests: every arena's size, and its allocated and free ranges.
   *
   * @param arenaSizes each arena's size, by name
   * @param used the allocated blocks
   * @param free the free ranges, as blocks
   * @param frees how many blocks were freed so far
   */
  public record Snapshot(Map<String, Integer> arenaSizes, List<Block> used, List<Block> free, long frees) {}

  /** The layout now. */
  public synchronized Snapshot snapshot() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    List<Block> freeRanges = new ArrayList<>();
    for (Arena arena : arenas.values()) {
      sizes.put(arena.name(), arena.segment.size());
      arena.free.forEach((start, length) -> freeRanges.add(new Block(arena.name(), start, length)));
    }
    return new Snapshot(Map.copyOf(sizes), List.copyOf(allocated.keySet()), List.copyOf(freeRanges), frees);
  }
}
