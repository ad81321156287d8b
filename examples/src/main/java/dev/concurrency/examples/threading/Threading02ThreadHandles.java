package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.CpuWork;
import dev.concurrency.threads.ThreadHandle;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Python-style thread handles on platform and virtual threads, and an uncaught exception that is captured
 * instead of printed and lost.
 *
 * <pre>{@code
 * # Python
 * def work(): ...
 * def broken(): raise ValueError("bad input")
 * ts = [threading.Thread(target=work, name="platform"), threading.Thread(target=broken, name="broken")]
 * for t in ts: t.start()
 * for t in ts: t.join()      # the ValueError went to threading.excepthook (stderr); join() never tells
 * }</pre>
 *
 * <p><b>What to notice.</b> The failing thread's exception is kept by its handle: {@code failure()} shows it and
 * {@code joinOrThrow()} rethrows it, so the caller learns of it. The virtual thread is a daemon by nature and
 * costs a few hundred bytes; the platform thread is an operating-system thread.
 *
 * <p><b>Run:</b> {@code ./examples.sh thread-handles}
 *
 * <p><b>Expected output</b> (then a timeline):
 *
 * <pre>
 * platform: platform thread, daemon=false, failure=none
 * virtual: virtual thread, daemon=true, failure=none
 * broken: platform thread, daemon=false, failure=java.lang.IllegalArgumentException: bad input
 * joinOrThrow on broken: ExecutionException caused by IllegalArgumentException: bad input
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading02ThreadHandles {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "thread-handles",
          Group.THREADING,
          "2.2, 4.2.1",
          "threading.Thread-like handles on platform and virtual threads; failures captured, not lost",
          Threading02ThreadHandles::run);

  private Threading02ThreadHandles() {}

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    Trace trace = Trace.start();
    List<ThreadHandle> handles =
        List.of(
            ThreadHandle.platform("platform", () -> work(trace, "platform")),
            ThreadHandle.virtual("virtual", () -> work(trace, "virtual")),
            ThreadHandle.platform("broken", () -> {
              try (var r = trace.open("broken", "raise")) {
                throw new IllegalArgumentException("bad input");
              }
            }));
    handles.forEach(ThreadHandle::start);
    for (ThreadHandle h : handles) {
      h.join();
    }
    for (ThreadHandle h : handles) {
      out.printf(
          "%s: %s thread, daemon=%s, failure=%s%n",
          h.name(),
          h.isVirtual() ? "virtual" : "platform",
          h.isDaemon(),
          h.failure().map(Object::toString).orElse("none"));
    }
    try {
      handles.get(2).joinOrThrow();
    } catch (ExecutionException e) {
      out.println("joinOrThrow on broken: ExecutionException caused by "
          + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
    }
    Timeline.print(out, trace, args);
  }

  private static void work(Trace trace, String lane) {
    try (var r = trace.open(lane, "work")) {
      CpuWork.spin(2_000_000, 1);
    }
  }
}
