package dev.concurrency.threads;

/** {@link TimerClock#system()}: {@link System#nanoTime()} from an origin taken when this class loads. Stateless. */
final class SystemTimerClock extends TimerClock {

  static final SystemTimerClock INSTANCE = new SystemTimerClock();

  private static final long ORIGIN = System.nanoTime();

  private SystemTimerClock() {}

  @Override
  public long read() {
    return System.nanoTime() - ORIGIN;
  }

  @Override
  long realWaitNanos(long deadline) {
    return deadline - read();
  }

  @Override
  Runnable onAdvance(Runnable listener) {
    return () -> {};
  }

  @Override
  public String toString() {
    return "TimerClock.system()";
  }
}
