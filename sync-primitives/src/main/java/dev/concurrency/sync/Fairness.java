package dev.concurrency.sync;

/**
 * Whether a lock or semaphore hands itself to the longest-waiting thread or lets an arriving thread barge in.
 *
 * <p>Barging is the default, as in {@code java.util.concurrent}: it is several times faster under contention
 * because the releasing thread does not hand off to a parked one and wait for it to wake. Fair ordering rules
 * out starvation. The untimed {@code tryLock()} / {@code tryAcquire()} barge in either mode, as the JDK's do.
 *
 * <p>Immutable and thread-safe, as every enum is.
 *
 * <p><b>Python:</b> CPython's locks promise no order at all; its {@code asyncio} locks are FIFO.
 */
public enum Fairness {
  /** First come, first served among queued threads. */
  FAIR,
  /** An arriving thread may take a just-released lock ahead of queued ones. */
  BARGING;

  boolean isFair() {
    return this == FAIR;
  }
}
