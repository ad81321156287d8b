package dev.concurrency.async;

import com.google.common.base.Ticker;
import dev.concurrency.async.internal.SchedulingPolicy;
import dev.concurrency.async.internal.TimerQueue;
import dev.concurrency.async.internal.Waiter;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * The loop's queues and its tick, as CPython's {@code BaseEventLoop._run_once} defines it: the FIFO ready queue,
 * the timer heap, the inbox of thread-safe callbacks, and the idle wait between ticks.
 *
 * <p>{@link #beginTick} takes the inbox, waits if nothing is ready (until the next timer, or a wakeup), moves
 * the expired timers to the ready queue, and fixes how many items this tick runs: exactly those ready now;
 * anything scheduled while they run waits for the next tick. With an auto-advancing {@link VirtualClock} and
 * no {@linkplain #holdClock() hold}, the wait for a timer becomes a jump of the clock.
 *
 * <p>What asyncio leaves open (the order of equal deadlines, how late the wait for a timer ends, when a
 * thread-safe callback arrives) is decided by the loop's {@link SchedulingPolicy}; this class is its {@link
 * SchedulingPolicy.Host}. The default policy leaves everything as described above.
 *
 * <p>Loop-confined (the baton holder), except {@link #addThreadsafe}, {@link #wakeup()} and {@link #idle()},
 * which any thread may call; the inbox is a {@link ConcurrentLinkedQueue}, so a thread-safe callback
 * happens-before it runs.
 */
final class Ticks implements SchedulingPolicy.Host {

  private final Ticker clock;
  private final @Nullable VirtualClock virtualClock;
  private final Waiter waiter;
  private final SchedulingPolicy policy;
  private final Runnable stopRequest;
  private final ArrayDeque<Object> ready = new ArrayDeque<>();
  // deadline first, then the order of scheduling (FIFO ties, unless the policy orders ties otherwise)
  private final TimerQueue<TimerHandle> timers =
      new TimerQueue<>(TimerHandle::when, TimerHandle::sequence, TimerHandle::cancelled);
  private final ConcurrentLinkedQueue<Handle> inbox = new ConcurrentLinkedQueue<>();
  private int remainingInTick;
  private long timerSequence;
  private int clockHolds;
  private volatile boolean idle;

  /** {@code stopRequest} is the loop's {@code stop()}, for a policy that ends a run (a simulated deadlock). */
  Ticks(Ticker clock, Waiter waiter, SchedulingPolicy policy, Runnable stopRequest) {
    this.clock = clock;
    this.virtualClock = clock instanceof VirtualClock v ? v : null;
    this.waiter = waiter;
    this.policy = policy;
    this.stopRequest = stopRequest;
    policy.attach(this);
  }

  SchedulingPolicy policy() {
    return policy;
  }

  long now() {
    return clock.read();
  }

  /** Appends a callback handle or a task resumption to the ready queue. */
  void append(Object item) {
    ready.addLast(item);
  }

  TimerHandle addTimer(EventLoop loop, long when, Runnable callback, Map<ContextVar<?>, Object> snapshot) {
    TimerHandle timer = new TimerHandle(loop, when, policy.timerOrder(timerSequence++), callback, snapshot);
    timers.add(timer);
    return timer;
  }

  void timerCancelled() {
    timers.cancelled();
  }

  /** How many cancelled timers the heap still holds (dropped lazily): for tests of the compaction rule. */
  int cancelledTimersHeld() {
    return timers.cancelledCount();
  }

  /** Thread-safe: queues a callback for the next tick and wakes the loop if it waits. */
  void addThreadsafe(Handle handle) {
    inbox.add(handle);
    waiter.wakeup();
  }

  /** Whether the current tick has run all the items it started with. */
  boolean tickDone() {
    return remainingInTick == 0;
  }

  /** The next item of the current tick; call only when {@link #tickDone()} is false. */
  Object next() {
    remainingInTick--;
    return ready.pollFirst();
  }

  /** Starts a tick; waits first unless something is ready or the loop is stopping. */
  void beginTick(boolean stopping) {
    policy.tickStarting();
    drainInbox();
    long timeout;
    TimerHandle next = timers.peek();
    if (!ready.isEmpty() || stopping) {
      timeout = 0;
    } else if (next != null) {
      timeout = Math.max(0, next.when() - clock.read());
    } else {
      timeout = -1;
    }
    if (timeout != 0) {
      idleWait(timeout, next);
      drainInbox();
    } else {
      waiter.poll(); // I/O readiness, when a stream uses the loop's selector (issue 4)
    }
    // The clock is read only when a timer may be due: a clock read (System.nanoTime) costs about as much as
    // running a short callback, and a tick with no timer at all has nothing to compare it with.
    next = timers.peek();
    if (next != null) {
      long now = clock.read();
      while (next != null && next.when() <= now) {
        timers.pop();
        next.leftHeap();
        ready.addLast(next);
        next = timers.peek();
      }
    }
    remainingInTick = ready.size();
  }

  private void idleWait(long timeout, @Nullable TimerHandle next) {
    if (policy.idle(next != null, next != null ? next.when() : 0L)) {
      return;
    }
    VirtualClock v = virtualClock;
    if (v != null && next != null) {
      if (v.autoAdvance() && clockHolds == 0) {
        v.advanceTo(next.when());
        return;
      }
      timeout = -1; // virtual time that may not jump: only a thread-safe call can make progress
    }
    idle = true;
    try {
      waiter.await(timeout);
    } finally {
      idle = false;
    }
  }

  private void drainInbox() {
    Handle h;
    while ((h = inbox.poll()) != null) {
      ready.addLast(h);
    }
  }

  /** How many timers are scheduled (for the loop's MXBean; {@link #readyCount()} is the ready queue's length). */
  int timerCount() {
    return timers.size();
  }

  /** Whether the loop is in its idle wait. Thread-safe (for the watchdog). */
  boolean idle() {
    return idle;
  }

  /**
   * Announces a callback another thread will hand over (a thread job's outcome): holds a virtual clock until
   * the arrival is closed, and lets the policy pick the tick it arrives in.
   */
  SchedulingPolicy.Arrival expectArrival(String what) {
    holdClock();
    SchedulingPolicy.Arrival arrival = policy.expectArrival(this, what);
    return new SchedulingPolicy.Arrival() {
      @Override
      public void arrive(Handle handle) {
        arrival.arrive(handle);
      }

      @Override
      public void close() {
        releaseClock();
        arrival.close();
      }
    };
  }

  void holdClock() {
    clockHolds++;
  }

  void releaseClock() {
    if (clockHolds == 0) {
      throw new IllegalStateException("releaseClock() without a matching holdClock()");
    }
    clockHolds--;
  }

  // ---------------------------------------------------------------- SchedulingPolicy.Host

  @Override
  public int readyCount() {
    return ready.size();
  }

  @Override
  public void insertReady(int index, Handle handle) {
    if (index < 0 || index > ready.size()) {
      throw new IndexOutOfBoundsException("insertReady(" + index + ") on a ready queue of " + ready.size());
    }
    // rotate the first `index` items out and back in front of the new one: O(index), and arrivals are rare
    Object[] front = new Object[index];
    for (int i = 0; i < index; i++) {
      front[i] = ready.pollFirst();
    }
    ready.addFirst(handle);
    for (int i = index - 1; i >= 0; i--) {
      ready.addFirst(front[i]);
    }
  }

  @Override
  public boolean threadsafePending() {
    return !inbox.isEmpty();
  }

  @Override
  public void awaitWakeup(long timeoutNanos) {
    if (inbox.isEmpty()) {
      waiter.await(timeoutNanos);
    }
  }

  @Override
  public void wakeup() {
    waiter.wakeup();
  }

  @Override
  public void enqueueThreadsafe(Handle handle) {
    addThreadsafe(handle);
  }

  @Override
  public void stop() {
    stopRequest.run();
  }

  void clear() {
    waiter.close();
    ready.clear();
    inbox.clear();
    timers.clear();
    remainingInTick = 0;
  }
}
