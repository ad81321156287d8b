package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class SharedHeapTest {

  // CPython: _test_multiprocessing.py _TestHeap.test_heap
  @Test
  void manyBlocksOfRandomSizes_tileTheArenas_thenFreeingAllRemovesEveryArena() {
    SharedHeap heap = new SharedHeap(0);
    Random random = new Random(7);
    List<SharedHeap.Block> blocks = new ArrayList<>();
    int allocations = 0;
    for (int i = 0; i < 5000; i++) {
      int size = Math.max(1, (int) (Math.exp(random.nextGaussian()) * 1000));
      blocks.add(heap.allocate(size));
      allocations++;
      if (blocks.size() > 50) {
        heap.free(blocks.remove(random.nextInt(50)));
      }
    }

    SharedHeap.Snapshot snapshot = heap.snapshot();
    long used = snapshot.used().stream().mapToLong(SharedHeap.Block::size).sum();
    long free = snapshot.free().stream().mapToLong(SharedHeap.Block::size).sum();
    assertThat(used + free).isEqualTo(snapshot.arenaSizes().values().stream().mapToLong(Integer::longValue).sum());
    List<SharedHeap.Block> all = new ArrayList<>(snapshot.used());
    all.addAll(snapshot.free());
    all.sort(Comparator.comparing(SharedHeap.Block::arena).thenComparingInt(SharedHeap.Block::offset));
    for (int i = 0; i + 1 < all.size(); i++) {
      SharedHeap.Block block = all.get(i);
      SharedHeap.Block next = all.get(i + 1);
      if (block.arena().equals(next.arena())) {
        assertThat(block.offset() + block.size()).as("adjacent ranges touch, never overlap").isEqualTo(next.offset());
      } else {
        assertThat(block.offset() + block.size()).as("the last range ends its arena").isEqualTo(snapshot.arenaSizes().get(block.arena()));
        assertThat(next.offset()).as("the next arena's first range starts it").isZero();
      }
    }

    Collections.shuffle(blocks, random);
    blocks.forEach(heap::free);

    SharedHeap.Snapshot empty = heap.snapshot();
    assertThat(empty.frees()).isEqualTo(allocations);
    assertThat(empty.arenaSizes()).isEmpty();
    assertThat(empty.used()).isEmpty();
    assertThat(empty.free()).isEmpty();
  }

  // CPython: _test_multiprocessing.py _TestHeap.test_free_from_gc
  @Test
  void blocksOfCollectedObjects_goBackToTheHeap_withoutDeadlock() throws InterruptedException {
    SharedHeap heap = new SharedHeap();
    long freesBefore = heap.snapshot().frees();
    for (int i = 0; i < 5000; i++) {
      // cyclic pairs, as in Python's test, that only the collector can free
      Object[] a = new Object[1];
      Object[] b = {a};
      a[0] = b;
      heap.freeWhenUnreachable(a, heap.allocate(1), new AtomicBoolean());
      heap.freeWhenUnreachable(b, heap.allocate(1), new AtomicBoolean());
    }

    long deadline = System.nanoTime() + 60_000_000_000L;
    while (heap.snapshot().frees() - freesBefore < 10_000 && System.nanoTime() < deadline) {
      System.gc(); // asks for the collections that run the cleaning actions; the spin is bounded
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
    assertThat(heap.snapshot().frees() - freesBefore).isEqualTo(10_000);
  }

  /*
   * A thread that waits on a shared object polls a view of its words and may hold nothing else of it; if the
   * object's block were freed then, the next allocation would reuse (and zero) the memory the waiter still writes
   * to when it gives up. The view keeps the owner reachable.
   */
  @Test
  void aViewInUse_keepsItsOwnerReachable_soItsBlockIsNotFreedUnderIt() {
    HeapBlock owner = HeapBlock.allocate(32);
    Words view = owner.words(1, 2); // what a waiter holds
    WeakReference<HeapBlock> held = new WeakReference<>(owner);
    WeakReference<HeapBlock> witness = new WeakReference<>(HeapBlock.allocate(32)); // nothing holds this one
    owner = null;

    long deadline = System.nanoTime() + 60_000_000_000L;
    while (witness.get() != null && System.nanoTime() < deadline) {
      System.gc(); // asks for the collection that clears the witness; the spin is bounded
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }

    assertThat(witness.get()).as("the collector ran and cleared an unheld block's owner").isNull();
    HeapBlock stillThere = held.get();
    assertThat(stillThere).as("the owner of a block whose view is in use").isNotNull();
    view.set(1, 42);
    assertThat(stillThere.words().get(2)).isEqualTo(42);
    Reference.reachabilityFence(view);
  }

  @Test
  void escapedBlock_isNotFreedWhenItsOwnerIsCollected() throws InterruptedException {
    SharedHeap heap = new SharedHeap();
    AtomicBoolean escaped = new AtomicBoolean(true);
    heap.freeWhenUnreachable(new Object(), heap.allocate(8), escaped);
    AtomicBoolean witnessEscaped = new AtomicBoolean();
    heap.freeWhenUnreachable(new Object(), heap.allocate(8), witnessEscaped);

    long deadline = System.nanoTime() + 60_000_000_000L;
    while (heap.snapshot().frees() < 1 && System.nanoTime() < deadline) {
      System.gc();
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }

    assertThat(heap.snapshot().frees()).as("the witness was freed, the escaped one was not").isEqualTo(1);
    assertThat(heap.snapshot().used()).hasSize(1);
  }

  @Test
  void blocks_areZeroedAndAligned_evenWhenReused() {
    SharedHeap heap = new SharedHeap();
    SharedHeap.Block first = heap.allocate(24);
    ByteBuffer bytes = SharedHeap.bytes(first);
    for (int i = 0; i < 24; i++) {
      bytes.put(i, (byte) 0x5A);
    }
    heap.free(first);

    SharedHeap.Block second = heap.allocate(20);

    assertThat(second.offset() % SharedHeap.ALIGNMENT).isZero();
    assertThat(second.size()).isEqualTo(24);
    ByteBuffer again = SharedHeap.bytes(second);
    for (int i = 0; i < 24; i++) {
      assertThat(again.get(i)).isZero();
    }
  }

  @Test
  void bigBlock_getsAnArenaOfItsOwn_andFreeingItRemovesThatArena() {
    SharedHeap heap = new SharedHeap();
    heap.allocate(8);
    SharedHeap.Block big = heap.allocate(10 << 20);

    Map<String, Integer> arenas = heap.snapshot().arenaSizes();
    assertThat(arenas.get(big.arena())).isGreaterThanOrEqualTo(10 << 20);
    heap.free(big);

    assertThat(heap.snapshot().arenaSizes()).doesNotContainKey(big.arena()).hasSize(1);
  }

  @Test
  void freeTwice_refused() {
    SharedHeap heap = new SharedHeap();
    SharedHeap.Block block = heap.allocate(8);
    heap.free(block);

    assertThatThrownBy(() -> heap.free(block)).isInstanceOf(IllegalStateException.class).hasMessageContaining("freed twice");
    assertThatThrownBy(() -> heap.allocate(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
