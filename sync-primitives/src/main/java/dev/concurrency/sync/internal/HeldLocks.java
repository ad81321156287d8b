package dev.concurrency.sync.internal;

import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * The tracked locks one thread holds, oldest first, with the units of each (1 for a lock, the permits for a
 * semaphore). One list per thread for every detector and ordering, which is what lets the order graph and the
 * wait-for graph span them all.
 *
 * <p>Other threads touch it to give back an ownerless lock or a permit on this thread's behalf, and the
 * wait-for graph reads it, hence the monitor. An entry whose units drop to zero stays in place until
 * {@link #compact} removes it, so that a failed release can give the units back to the very same entry. An
 * array, not a list, so that the order check walks it without allocating.
 */
public final class HeldLocks {

  private static final ThreadLocal<HeldLocks> MINE = ThreadLocal.withInitial(HeldLocks::new);

  final Thread thread = Thread.currentThread();

  // @GuardedBy("this")
  private LockNode[] nodes = new LockNode[4];

  // @GuardedBy("this")
  private long[] units = new long[4];

  // @GuardedBy("this")
  private int size;

  private HeldLocks() {}

  /** The calling thread's list. */
  public static HeldLocks mine() {
    return MINE.get();
  }

  /** Adds {@code count} units of {@code node}, to its entry if it has one. */
  synchronized void add(LockNode node, long count) {
    int at = indexOf(node);
    if (at >= 0) {
      units[at] += count;
      return;
    }
    if (size == nodes.length) {
      nodes = Arrays.copyOf(nodes, size * 2);
      units = Arrays.copyOf(units, size * 2);
    }
    nodes[size] = node;
    units[size++] = count;
  }

  /** Takes up to {@code most} units of {@code node} away and returns how many; the entry stays. */
  synchronized long take(LockNode node, long most) {
    int at = indexOf(node);
    if (at < 0) {
      return 0;
    }
    long taken = Math.min(most, units[at]);
    units[at] -= taken;
    return taken;
  }

  /** Undoes a {@link #take}: gives {@code count} units of {@code node} back to its entry. */
  synchronized void giveBack(LockNode node, long count) {
    if (count > 0) {
      add(node, count);
    }
  }

  /** Removes the entry of {@code node} if it holds no units any more; returns whether the entry is gone. */
  synchronized boolean compact(LockNode node) {
    int at = indexOf(node);
    if (at < 0) {
      return true;
    }
    if (units[at] != 0) {
      return false;
    }
    System.arraycopy(nodes, at + 1, nodes, at, size - at - 1);
    System.arraycopy(units, at + 1, units, at, size - at - 1);
    nodes[--size] = null;
    return true;
  }

  /** The units of {@code node} held. */
  synchronized long unitsOf(LockNode node) {
    int at = indexOf(node);
    return at < 0 ? 0 : units[at];
  }

  private int indexOf(LockNode node) {
    for (int i = size - 1; i >= 0; i--) {
      if (nodes[i] == node) {
        return i;
      }
    }
    return -1;
  }

  /** The number of entries; call while holding this object's monitor. */
  int size() {
    return size;
  }

  /** The {@code i}-th oldest entry's lock; call while holding this object's monitor. */
  LockNode nodeAt(int i) {
    return nodes[i];
  }

  /** The {@code i}-th oldest entry's units; call while holding this object's monitor. */
  long unitsAt(int i) {
    return units[i];
  }

  /** The thread whose list this is. */
  Thread thread() {
    return thread;
  }

  /** Calls {@code action} with each lock held now and its units, oldest first, under this list's monitor. */
  synchronized void forEachHeld(ObjLongConsumer<LockNode> action) {
    for (int i = 0; i < size; i++) {
      if (units[i] > 0) {
        action.accept(nodes[i], units[i]);
      }
    }
  }

  @Override
  public synchronized String toString() {
    StringBuilder text = new StringBuilder("HeldLocks[").append(thread.getName());
    for (int i = 0; i < size; i++) {
      text.append(i == 0 ? ": " : ", ").append(nodes[i]).append('x').append(units[i]);
    }
    return text.append(']').toString();
  }
}
