package dev.concurrency.async;

import dev.concurrency.async.internal.Watchdog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** What the blocked-loop watchdog reads from one loop: a step counter and the thread holding the baton. */
final class LoopProbe implements Watchdog.Probe {

  private static final VarHandle STEPS;

  static {
    try {
      STEPS = MethodHandles.lookup().findVarHandle(LoopProbe.class, "steps", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final EventLoop loop;
  private final Duration limit;
  private final Consumer<BlockedLoop> onBlocked;
  @SuppressWarnings("unused") // written and read through STEPS
  private long steps;

  LoopProbe(EventLoop loop, Duration limit, Consumer<BlockedLoop> onBlocked) {
    this.loop = loop;
    this.limit = limit;
    this.onBlocked = onBlocked;
  }

  /** Counts a step; an opaque write, a plain store on x86, is all the watchdog needs to see progress. */
  void step() {
    STEPS.setOpaque(this, (long) STEPS.getOpaque(this) + 1);
  }

  @Override
  public long steps() {
    return (long) STEPS.getOpaque(this);
  }

  @Override
  public @Nullable Thread busyThread() {
    return loop.busyThread();
  }

  @Override
  public Duration limit() {
    return limit;
  }

  @Override
  public void blocked(Thread thread, Duration blockedFor, StackTraceElement[] stack) {
    // a racy read of a loop-confined field, acceptable for a diagnostic: at worst it names the previous step
    AsyncTask<?> task = loop.current();
    String what = task != null && task.threadIfStarted() == thread ? "task '" + task.nameWithoutCaching() + "'"
        : "a callback on thread '" + thread.getName() + "'";
    TaskEvents.blocked(what, blockedFor, stack);
    onBlocked.accept(new BlockedLoop(what, blockedFor, stack));
  }
}
