package dev.concurrency.model.trace;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;

/**
 * A recorder of {@link Span}s from a real run, safe to record into from many threads at once.
 *
 * {@snippet class=dev.concurrency.model.trace.TraceSnippetsTest region=thread}
 *
 * <p>A trace's clock starts when it is created: every span's times are nanoseconds since then, read from the
 * {@link Ticker} it was started with ({@link Ticker#systemTicker()} by default, a fake one in tests). A span
 * is recorded either by closing the {@link Recording} that {@link #open} returned, or directly with
 * {@link #add} when the caller measured it some other way (a child process reporting its own times, a
 * simulator). Recording costs two ticker reads and one lock-free enqueue; nothing blocks, so tracing does not
 * itself serialise the threads it watches. {@link #spans()} is a snapshot: spans recorded after it returns are
 * not in it.
 *
 * <p><b>Performance.</b> Recording one span cost about 0.3 to 0.8 us (open and close, one thread: 578 ns;
 * two threads into one trace: 829 ns each; {@code add}: 330 ns), with wide error bars: measured with
 * {@code TraceBenchmark} in the benchmarks module ({@code org.openjdk.jmh.Main TraceBenchmark -wi 2 -i 3 -w 1 -r 1})
 * on a shared 2-core machine at load average 11, 2026-11-24. Most of it is allocation and GC of the
 * recorded spans. Trace pieces of work of a millisecond or more, not every loop iteration.
 *
 * <p>This class is thread-safe. {@link Recording} instances are thread-safe too, though normally one thread
 * opens and closes each.
 *
 * <p>Memory consistency effects: actions in a thread prior to recording a span (closing its {@code Recording}
 * or calling {@code add}) <i>happen-before</i> actions subsequent to the {@link #spans()} call that returns it,
 * in another thread.
 *
 * <p><b>Python:</b> there is no standard tracer; this plays the part of the timestamps a Python program prints
 * with {@code time.perf_counter()} around each task, or of {@code sys.setprofile} hooks, collected in one place.
 */
public final class Trace {

  /* The spans sit in a ConcurrentLinkedQueue: add is one CAS, iteration is weakly consistent and never throws,
   * and the queue's own happens-before guarantee (offer before a retrieving iteration) is the memory consistency
   * promised above. Sorting happens only in spans(), off the recording threads' path. */

  /** The order of {@link #spans()}, shared with the charts so rows come out in the same order. */
  static final Comparator<Span> BY_START =
      Comparator.comparingLong(Span::startNanos)
          .thenComparingLong(Span::endNanos)
          .thenComparing(Span::lane)
          .thenComparing(Span::name);

  private final Ticker ticker;
  private final long originNanos;
  private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();

  private Trace(Ticker ticker) {
    this.ticker = ticker;
    this.originNanos = ticker.read();
  }

  /**
   * Starts a trace on the system's monotonic clock ({@link System#nanoTime()}).
   *
   * @return a new trace, started now
   */
  public static Trace start() {
    return new Trace(Ticker.systemTicker());
  }

  /**
   * Starts a trace on the given clock; its current reading becomes time zero.
   *
   * @param ticker the clock, such as a virtual clock in a test
   * @return a new trace, started now
   * @throws NullPointerException if {@code ticker} is null
   */
  public static Trace start(Ticker ticker) {
    return new Trace(requireNonNull(ticker, "ticker"));
  }

  /**
   * Starts a span now; closing the returned recording ends it and adds it to this trace.
   *
   * @param lane the row to draw it on, such as {@code Thread.currentThread().getName()}
   * @param name what runs
   * @return the open span; close it when the work ends
   * @throws NullPointerException if {@code lane} or {@code name} is null
   */
  public Recording open(String lane, String name) {
    requireNonNull(lane, "lane");
    requireNonNull(name, "name");
    return new Recording(this, lane, name, nanos());
  }

  /**
   * Starts a span on the calling thread's lane (its name); closing the returned recording records it.
   *
   * @param name what runs
   * @return the open span; close it when the work ends
   * @throws NullPointerException if {@code name} is null
   */
  public Recording open(String name) {
    return open(Thread.currentThread().getName(), name);
  }

  /**
   * This trace as a hook made of JDK types only, for code that must not depend on this module (the library
   * modules): {@code hook.apply(lane, name)} starts a span and returns the action that ends and records it.
   *
   * {@snippet class=dev.concurrency.model.trace.TraceSnippetsTest region=hook-library}
   *
   * <p>and in the example that uses the library:
   *
   * {@snippet class=dev.concurrency.model.trace.TraceSnippetsTest region=hook-example}
   *
   * <p>The returned function is thread-safe; each returned action records its span once, however often run.
   *
   * @return the hook
   */
  public BiFunction<String, String, Runnable> hook() {
    return (lane, name) -> open(lane, name)::close;
  }

  /**
   * Adds a span measured elsewhere; its times must be relative to this trace's start.
   *
   * @param span the span
   * @throws NullPointerException if {@code span} is null
   */
  public void add(Span span) {
    spans.add(requireNonNull(span, "span"));
  }

  /**
   * {@return the spans recorded so far, ordered by start time (then end time, lane and name)}: an immutable
   * snapshot.
   */
  public List<Span> spans() {
    return spans.stream().sorted(BY_START).toList();
  }

  /** {@return the time since this trace started} */
  public Duration elapsed() {
    return Duration.ofNanos(nanos());
  }

  /** {@return the current time on this trace's clock: nanoseconds since it started} */
  public long nanos() {
    return ticker.read() - originNanos;
  }

  /**
   * A span that has started and not yet been recorded; {@link #close()} ends it and records it in its trace.
   *
   * <p>Closing is idempotent: only the first {@code close()} records the span, later ones do nothing, so a
   * recording may be closed both early and again by a {@code try}-with-resources block.
   *
   * <p>This class is thread-safe.
   */
  public static final class Recording implements AutoCloseable {

    private static final VarHandle CLOSED;

    static {
      try {
        CLOSED = MethodHandles.lookup().findVarHandle(Recording.class, "closed", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Trace trace;
    private final String lane;
    private final String name;
    private final long startNanos;

    @SuppressWarnings("unused") // written through CLOSED, so that two closes record one span
    private volatile boolean closed;

    private Recording(Trace trace, String lane, String name, long startNanos) {
      this.trace = trace;
      this.lane = lane;
      this.name = name;
      this.startNanos = startNanos;
    }

    /** {@return the lane the span is recorded on} */
    public String lane() {
      return lane;
    }

    /** {@return the span's name} */
    public String name() {
      return name;
    }

    /** {@return when the span started, in nanoseconds since the trace's start} */
    public long startNanos() {
      return startNanos;
    }

    /** Ends the span now and records it, the first time only. */
    @Override
    public void close() {
      long end = trace.nanos();
      if (CLOSED.compareAndSet(this, false, true)) {
        trace.add(new Span(lane, name, startNanos, Math.max(end, startNanos)));
      }
    }
  }
}
