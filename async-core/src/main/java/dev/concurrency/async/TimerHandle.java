package dev.concurrency.async;

import java.util.Map;

/**
 * A callback scheduled on an {@link EventLoop} for a point in time by {@link EventLoop#callLater callLater} or
 * {@link EventLoop#callAt callAt}.
 *
 * <p>Timers run in order of their deadline; timers with the same deadline run in the order they were
 * scheduled. (CPython's heap leaves such ties in no defined order; FIFO ties are a deliberate, documented
 * difference that makes schedules reproducible.) A cancelled timer stays in the loop's heap until it reaches
 * the top or until most of the heap is cancelled, when the loop compacts it.
 *
 * <p>Loop-confined, like {@link Handle}; actions before scheduling a timer happen-before its callback runs.
 *
 * <p><b>Python:</b> {@code asyncio.TimerHandle}; {@link #when()} is in the loop's nanoseconds, not float
 * seconds.
 */
public final class TimerHandle extends Handle {

  private final EventLoop loop;
  private final long when;
  private final long sequence;
  private boolean inHeap = true;

  TimerHandle(EventLoop loop, long when, long sequence, Runnable callback, Map<ContextVar<?>, Object> snapshot) {
    super(callback, snapshot, null);
    this.loop = loop;
    this.when = when;
    this.sequence = sequence;
  }

  /**
   * The deadline, in the nanoseconds of the loop's {@link EventLoop#time() clock}.
   *
   * @return the deadline, in the nanoseconds of the loop's {@link EventLoop#time() clock}
   */
  public long when() {
    return when;
  }

  /** The order in which the timer was scheduled, which breaks ties between equal deadlines. */
  long sequence() {
    return sequence;
  }

  @Override
  public void cancel() {
    if (!cancelled()) {
      super.cancel();
      if (inHeap) {
        // only a timer still in the heap counts towards compaction: cancelling one that has fired (every sleep's
        // finally does) must not make the loop sweep a heap that holds nothing to remove (asyncio: _scheduled)
        inHeap = false;
        loop.timerCancelled();
      }
    }
  }

  /** Called by the loop when it takes the timer out of its heap to run it. */
  void leftHeap() {
    inHeap = false;
  }
}
