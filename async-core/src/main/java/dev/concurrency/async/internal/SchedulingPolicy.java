package dev.concurrency.async.internal;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.Handle;

/**
 * The one seam through which an event loop resolves what asyncio leaves open: the order of timers with equal
 * deadlines, how late the loop wakes for its next timer, how long a tick takes, and the tick in which a
 * callback handed over by another thread arrives. The loop consults its policy at those points and tells it what
 * runs (for traces); everything else (FIFO {@code callSoon}, the order of one future's callbacks, "exactly the
 * callbacks ready when the tick began") is the loop's own and no policy can change it.
 *
 * <p>{@link #ASYNCIO} is what the loop does without a policy: ties in scheduling order, a real (or
 * auto-advancing virtual) wait for the next timer, thread-safe callbacks taken at the start of the next tick,
 * and no observation. Its methods are empty or return their argument, so they cost nothing once inlined. A
 * simulated run ({@code dev.concurrency.async.simulation}) installs a seeded policy instead.
 *
 * <p>Contract: every method is called by the thread that holds the loop's baton, except {@link
 * Arrival#arrive}, which the thread handing a callback over calls. A policy belongs to one loop.
 */
public interface SchedulingPolicy {

  /** The loop's default: exactly what it does without a policy. */
  SchedulingPolicy ASYNCIO = new SchedulingPolicy() {};

  /** What a policy may do to its loop's queues. Loop-confined, except {@link #wakeup()}. */
  interface Host {

    /** How many items the ready queue holds now (at a tick's start: what the previous tick scheduled). */
    int readyCount();

    /**
     * Inserts a callback into the ready queue at {@code index} (0: first; {@link #readyCount()}: last), as if
     * another thread had appended it between the items that are there. Only at a tick's start.
     */
    void insertReady(int index, Handle handle);

    /** Whether a thread-safe callback the policy does not track is waiting to be taken. */
    boolean threadsafePending();

    /** Waits, in real time, until {@link #wakeup()} or a thread-safe callback, or the timeout (negative: none). */
    void awaitWakeup(long timeoutNanos);

    /** Makes a current or later {@link #awaitWakeup} return. Thread-safe. */
    void wakeup();

    /** Appends a thread-safe callback the way the loop does without a policy (taken at the next tick's start). */
    void enqueueThreadsafe(Handle handle);

    /** Stops the loop at the end of this tick (as {@code EventLoop.stop()}). */
    void stop();
  }

  /**
   * A callback that another thread will hand to the loop, announced by the loop first (a {@code toThread} job's
   * outcome), so that a policy can pick the tick it arrives in.
   */
  interface Arrival {

    /**
     * Hands the callback over. Thread-safe; called at most once, by the thread that did the work.
     *
     * @param handle the callback, with the context it runs in
     */
    void arrive(Handle handle);

    /**
     * The loop no longer waits for this arrival (it came, or whoever awaited it gave up). Loop-confined. A
     * callback that arrives after this may be dropped: nobody is left to need it.
     */
    void close();
  }

  /**
   * Called once, when the loop is built.
   *
   * @param host the loop's queues
   */
  default void attach(Host host) {}

  /**
   * The key that orders timers with the same deadline: the timer with the smaller key runs first.
   *
   * @param sequence the order in which the timer was scheduled (0, 1, 2, ...)
   * @return the key; the default returns {@code sequence}, so ties run in scheduling order
   */
  default long timerOrder(long sequence) {
    return sequence;
  }

  /**
   * Called at the start of every tick, before the loop takes the thread-safe callbacks and its due timers: the
   * point where time passes and announced arrivals come in.
   */
  default void tickStarting() {}

  /**
   * Called when nothing is ready and no thread-safe callback is pending: the loop is about to wait.
   *
   * @param hasTimer whether a timer is scheduled
   * @param deadline the earliest timer's deadline, in the clock's nanoseconds (meaningless without a timer)
   * @return {@code true} if the policy dealt with the wait (moved its clock, delivered an arrival, or stopped the
   *     loop), {@code false} to let the loop wait as usual (the default)
   */
  default boolean idle(boolean hasTimer, long deadline) {
    return false;
  }

  /**
   * Announces a callback another thread will hand over; see {@link Arrival}. The default delivers it as {@code
   * callSoonThreadsafe} does; the loop's virtual clock is held until the arrival is closed.
   *
   * @param host the loop's queues
   * @param what what will arrive, for traces ({@code "toThread"})
   * @return the arrival to hand the callback to
   */
  default Arrival expectArrival(Host host, String what) {
    return new Arrival() {
      @Override
      public void arrive(Handle handle) {
        host.enqueueThreadsafe(handle);
      }

      @Override
      public void close() {}
    };
  }

  /**
   * A task's step begins: it runs from here until it awaits or ends.
   *
   * @param task the task
   */
  default void stepStarting(AsyncTask<?> task) {}

  /**
   * A task's step ended: it awaits (or its body returned). Called on the task's own thread.
   *
   * @param task the task
   */
  default void stepEnded(AsyncTask<?> task) {}

  /**
   * A task is done (its outcome is set).
   *
   * @param task the task
   */
  default void taskDone(AsyncTask<?> task) {}

  /**
   * A callback (a plain one or a timer) is about to run.
   *
   * @param handle its handle ({@link dev.concurrency.async.TimerHandle} for a timer)
   * @param callback the code it runs
   */
  default void callbackStarting(Handle handle, Runnable callback) {}
}
