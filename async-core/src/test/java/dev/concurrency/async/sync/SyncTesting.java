package dev.concurrency.async.sync;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.VirtualClock;
import java.time.Duration;

/** What the primitives' tests share: a loop on an auto-advancing virtual clock, and one-tick yields. */
final class SyncTesting {

  private SyncTesting() {}

  /** A loop configuration whose sleeps take no real time. */
  static EventLoop.Builder config() {
    return EventLoop.builder().clock(VirtualClock.autoAdvancing());
  }

  /** Yields for exactly one tick: every task already ready runs once. */
  static void tick() {
    AsyncIO.sleep(Duration.ZERO);
  }
}
