package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A block of the {@link SharedHeap} as a shared object holds it: allocated in one JVM, mapped in any process
 * that deserializes it.
 *
 * <p>When the block's object becomes unreachable in the JVM that allocated it, the block goes back to the heap,
 * unless the object was ever serialized (sent to another process): this process cannot know when the others
 * are done with it, so such a block stays until the tracker removes the heap at exit. A block deserialized in
 * another process is never freed there.
 *
 * <p>Thread-safe: the views are made lazily and idempotently.
 */
public final class HeapBlock implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private final SharedHeap.Block block;

  /** Set when this object is serialized; shared with the cleaning action, which must not see this object. */
  private final transient @Nullable AtomicBoolean escaped;

  private transient volatile @Nullable Words words;

  private HeapBlock(SharedHeap.Block block, @Nullable AtomicBoolean escaped) {
    this.block = block;
    this.escaped = escaped;
  }

  /** Allocates a zeroed block of at least {@code bytes} bytes, freed as the class comment says. */
  public static HeapBlock allocate(int bytes) {
    SharedHeap heap = SharedHeap.instance();
    SharedHeap.Block block = heap.allocate(bytes);
    AtomicBoolean escaped = new AtomicBoolean();
    HeapBlock owner = new HeapBlock(block, escaped);
    heap.freeWhenUnreachable(owner, block, escaped);
    return owner;
  }

  /** The block: its arena, offset and size. */
  public SharedHeap.Block block() {
    return block;
  }

  /** The block as words; the view keeps this object reachable, so the block is not freed while it is used. */
  public Words words() {
    Words made = words;
    if (made == null) {
      made = SharedHeap.words(block, 0, block.size() / Long.BYTES, this);
      words = made;
    }
    return made;
  }

  /**
   * Words {@code first} to {@code first + count - 1} of the block; like {@link #words()}, the view keeps this
   * object reachable.
   *
   * @throws IllegalArgumentException if they do not fit the block
   */
  public Words words(int first, int count) {
    return SharedHeap.words(block, first, count, this);
  }

  /** The block's bytes, native byte order; a fresh view each time. */
  public ByteBuffer bytes() {
    return SharedHeap.bytes(block);
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    AtomicBoolean flag = escaped;
    if (flag != null) {
      flag.set(true);
    }
    out.defaultWriteObject();
  }

  @Override
  public String toString() {
    return block.arena() + "@" + block.offset();
  }

  /** For {@code equals} of the shared objects: the same block is the same object. */
  @Override
  public boolean equals(Object other) {
    return other instanceof HeapBlock that && block.equals(that.block);
  }

  @Override
  public int hashCode() {
    return block.hashCode();
  }

  static HeapBlock forTest(SharedHeap.Block block) {
    return new HeapBlock(requireNonNull(block, "block"), null);
  }
}
