package dev.concurrency.async.simulation;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.Handle;
import dev.concurrency.async.TimerHandle;
import dev.concurrency.async.VirtualClock;
import dev.concurrency.async.internal.LoopSeams;
import dev.concurrency.async.internal.SchedulingPolicy;
import dev.concurrency.async.simulation.RunFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The scheduling policy of a simulated run: every choice asyncio leaves open is drawn from one seeded generator,
 * in the loop's own order, so one seed gives one run, and every run is one that asyncio could produce.
 *
 * <ul>
 *   <li><b>Equal deadlines</b> run in a seeded order ({@link #timerOrder}): asyncio's heap leaves them unordered.
 *   <li><b>Timer lateness.</b> When the loop has nothing to do, its clock jumps to the next deadline plus a
 *       seeded lateness up to the run's bound: the OS woke it late. Timers still fire in deadline order and never
 *       early.
 *   <li><b>Tick duration.</b> A tick that runs callbacks moves the clock by a seeded amount: callbacks take time.
 *   <li><b>Arrivals.</b> A {@code toThread} result arrives a seeded number of ticks after the job started, at a
 *       seeded place among the callbacks the previous tick scheduled (another thread appends to asyncio's ready
 *       queue at any moment). The loop waits for the job, in real time, when the seed says the result is due; so
 *       however slow the thread, the run is the same.
 * </ul>
 *
 * <p>It also records the run's {@link TraceEvent}s (when asked to), and ends runs that cannot go on: a deadlock
 * (nothing can ever wake the tasks), a tick or time limit, a job that never finishes.
 *
 * <p>Loop-confined, like the loop it belongs to, except {@link Expected#arrive}.
 */
final class SeededScheduling implements SchedulingPolicy {

  /** After a failure, the ticks the run gets to cancel its tasks before the loop is stopped for good. */
  static final long CLEANUP_TICKS = 100_000;

  /** Each run scales each bound by one of these, drawn from the seed: quiet machines and loaded ones. */
  private static final double[] PROFILE_SCALES = {0.0, 0.1, 1.0};

  /**
   * The scales of a tick's duration: never none at all, because on a real machine a tick always takes some time,
   * and a run in which a thousand ticks take no time at all would be one asyncio cannot produce (a task that
   * yields until a timer fires would spin forever).
   */
  private static final double[] TICK_SCALES = {0.01, 0.1, 1.0};

  private final long seed;
  private final SimulationConfig config;
  private final SplitMix64 random;
  private final VirtualClock clock;
  private final @Nullable List<TraceEvent> events; // null: the run is not recorded
  private final long latenessBound;
  private final long tickBound;
  private final int arrivalBound;
  private final long timeLimit;
  private final List<Expected> outstanding = new ArrayList<>();
  private final Map<AsyncTask<?>, String> live = new LinkedHashMap<>(); // started and not done, with lane names
  private final Set<String> lanesUsed = new HashSet<>();
  private @Nullable Host host;
  private long tick;
  private long arrivalsIssued;
  private @Nullable RunFailure failure;
  private long failureTick;
  private @Nullable PendingAwait pendingAwait;
  private @Nullable RandomGenerator userRandom;
  private @Nullable SimulatedNetwork network;

  SeededScheduling(long seed, SimulationConfig config, VirtualClock clock, boolean record) {
    this.seed = seed;
    this.config = config;
    this.random = new SplitMix64(seed);
    this.clock = clock;
    this.events = record ? new ArrayList<>() : null;
    this.latenessBound = scaled(config.maxTimerLateness().toNanos(), PROFILE_SCALES);
    this.tickBound = scaled(config.maxTickDuration().toNanos(), TICK_SCALES);
    this.arrivalBound = (int) scaled(config.maxArrivalTicks(), PROFILE_SCALES);
    this.timeLimit = config.timeLimit().toNanos();
  }

  private long scaled(long bound, double[] scales) {
    return Math.round(bound * scales[random.nextInt(scales.length)]);
  }

  // ---------------------------------------------------------------- what the run reports

  long seed() {
    return seed;
  }

  SimulationConfig config() {
    return config;
  }

  @Nullable RunFailure failure() {
    return failure;
  }

  long ticks() {
    return tick;
  }

  VirtualClock clock() {
    return clock;
  }

  SplitMix64 random() {
    return random;
  }

  /** The recorded events so far (empty when the run is not recorded). */
  List<TraceEvent> events() {
    flushAwait();
    return events == null ? List.of() : events;
  }

  boolean recording() {
    return events != null;
  }

  /** The run's network, made on first use. */
  SimulatedNetwork network(Function<SeededScheduling, SimulatedNetwork> create) {
    SimulatedNetwork n = network;
    if (n == null) {
      n = create.apply(this);
      network = n;
    }
    return n;
  }

  /** The generator for the code under test: a stream of its own, so its draws do not move the schedule's. */
  RandomGenerator userRandom(long stream) {
    RandomGenerator r = userRandom;
    if (r == null) {
      SplitMix64 own = new SplitMix64(seed ^ stream);
      r = own::nextLong;
      userRandom = r;
    }
    return r;
  }

  // ---------------------------------------------------------------- what asyncio leaves open

  @Override
  public void attach(Host loopHost) {
    if (host != null) {
      throw new IllegalStateException(
          "a simulated loop's builder builds one loop; call Simulation.loopBuilder(seed) again for another");
    }
    this.host = loopHost;
  }

  @Override
  public long timerOrder(long sequence) {
    return random.nextLong();
  }

  @Override
  public void tickStarting() {
    tick++;
    if (failure == null && tick > config.tickLimit()) {
      fail(Kind.LIMIT, "the run took more than " + config.tickLimit() + " ticks (SimulationConfig.tickLimit): a"
          + " task that never stops yielding, or a run longer than the limit (raise it with withLimits)");
    } else if (failure != null && tick - failureTick > CLEANUP_TICKS) {
      host().stop(); // the cleanup after a failure does not end either
    }
    if (tickBound > 0 && host().readyCount() > 0) {
      advanceBy(random.upTo(tickBound));
    }
    deliverDueArrivals();
  }

  @Override
  public boolean idle(boolean hasTimer, long deadline) {
    Host h = host();
    if (h.threadsafePending()) {
      return true; // something from outside the simulation came in: the tick takes it
    }
    if (!outstanding.isEmpty()) {
      // a thread is at work and nothing else is ready: either its result or the next timer comes first
      if (hasTimer && random.nextBoolean()) {
        jumpTo(deadline);
        return true;
      }
      Expected first = outstanding.get(random.nextInt(outstanding.size()));
      first.countdown = 0;
      if (awaitArrival(first)) {
        outstanding.remove(first);
        deliver(first, 0);
      }
      return true;
    }
    if (hasTimer) {
      jumpTo(deadline);
      return true;
    }
    deadlock();
    return true;
  }

  @Override
  public Arrival expectArrival(Host loopHost, String what) {
    Expected a = new Expected(loopHost, ++arrivalsIssued, what, tick, (int) random.upTo(arrivalBound));
    outstanding.add(a);
    return a;
  }

  private void deliverDueArrivals() {
    for (int i = 0; i < outstanding.size(); ) {
      Expected a = outstanding.get(i);
      if (a.countdown > 0) {
        a.countdown--;
      }
      if (a.countdown == 0 && awaitArrival(a)) {
        outstanding.remove(i);
        deliver(a, (int) random.upTo(host().readyCount()));
      } else {
        i++;
      }
    }
  }

  /**
   * Waits in real time until {@code a} has arrived. Returns false without it if a callback from outside the
   * simulation comes in first (the loop must take it: the thread may be waiting for it), or if the job takes
   * longer than the configured timeout, which fails the run.
   */
  private boolean awaitArrival(Expected a) {
    if (a.arrived()) {
      return true;
    }
    Host h = host();
    long deadline = System.nanoTime() + config.arrivalTimeout().toNanos();
    while (!a.arrived()) {
      if (h.threadsafePending()) {
        return false;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        outstanding.remove(a);
        a.abandon();
        fail(Kind.ARRIVAL_TIMEOUT, a.what + " #" + a.number + " (started in tick " + a.issuedInTick + ") did not"
            + " finish within " + config.arrivalTimeout() + " of real time (SimulationConfig.arrivalTimeout); a"
            + " simulated run waits for every job it needs, so a job that blocks forever blocks the run");
        return false;
      }
      h.awaitWakeup(left);
    }
    return true;
  }

  private void deliver(Expected a, int index) {
    Handle handle = a.take();
    host().insertReady(index, handle);
    if (events != null) {
      record(TraceEvent.Kind.ARRIVAL, TraceEvent.LOOP,
          a.what + " #" + a.number + " arrives (started in tick " + a.issuedInTick + ")");
    }
  }

  private void jumpTo(long deadline) {
    long lateness = latenessBound > 0 && random.nextBoolean() ? random.upTo(latenessBound) : 0;
    long target = deadline > Long.MAX_VALUE - lateness ? deadline : deadline + lateness;
    if (target > timeLimit) {
      fail(Kind.LIMIT, "the next timer is due at " + RunTrace.millis(Math.max(0, deadline), 3) + " ms, after the"
          + " run's time limit of " + config.timeLimit() + " (SimulationConfig.timeLimit; raise it with"
          + " withLimits)");
      return;
    }
    long now = clock.read();
    if (target > now) {
      advanceBy(target - now);
    }
  }

  private void advanceBy(long nanos) {
    clock.advance(Duration.ofNanos(nanos));
  }

  private void deadlock() {
    StringBuilder s = new StringBuilder(
        "every task waits and nothing can wake them: no callback is ready, no timer is set, no toThread job or"
            + " network message is on its way (real asyncio would hang here forever). If a thread the simulation"
            + " does not know of was to wake them (awaitFuture, wrap, callSoonThreadsafe from a thread of your own),"
            + " run that work with toThread, which a simulated run waits for.");
    for (Map.Entry<AsyncTask<?>, String> e : live.entrySet()) {
      s.append("\n  ").append(e.getValue()).append(' ')
          .append(AwaitSites.describe(Arrays.asList(e.getKey().getStack())));
    }
    fail(Kind.DEADLOCK, s.toString());
  }

  /** Fails the run (the first failure wins) and stops the loop at the end of this tick. */
  void fail(Kind kind, String message) {
    if (failure == null) {
      failure = new RunFailure(kind, message, null);
      failureTick = tick;
      if (events != null) {
        record(TraceEvent.Kind.FAILURE, TraceEvent.LOOP, failure.toString());
      }
    }
    host().stop();
  }

  // ---------------------------------------------------------------- what runs (the trace)

  @Override
  public void stepStarting(AsyncTask<?> task) {
    String lane = live.get(task);
    if (lane == null) {
      lane = newLane(task);
      live.put(task, lane);
      if (events != null) {
        record(TraceEvent.Kind.START, lane, "starts");
      }
    } else if (events != null) {
      record(TraceEvent.Kind.RESUME, lane, "resumes");
    }
  }

  @Override
  public void stepEnded(AsyncTask<?> task) {
    if (events == null) {
      return;
    }
    flushAwait();
    String site = config.traceAwaitSites()
        ? AwaitSites.describe(StackWalker.getInstance().walk(s -> s.limit(64).map(StackWalker.StackFrame::toStackTraceElement).toList()))
        : "awaits";
    pendingAwait = new PendingAwait(task, lane(task), tick, clock.read(), site);
  }

  @Override
  public void taskDone(AsyncTask<?> task) {
    String lane = live.remove(task);
    if (events == null) {
      return;
    }
    if (lane == null) {
      lane = newLane(task); // cancelled before its first step
    }
    PendingAwait p = pendingAwait;
    if (p != null && p.task == task) {
      pendingAwait = null; // the step ended because the body returned, not at an await
    }
    record(TraceEvent.Kind.DONE, lane, outcome(task));
  }

  @Override
  public void callbackStarting(Handle handle, Runnable callback) {
    if (events == null) {
      return;
    }
    if (handle instanceof TimerHandle timer) {
      long late = clock.read() - timer.when();
      record(TraceEvent.Kind.TIMER, TraceEvent.LOOP, "due at " + RunTrace.millis(Math.max(0, timer.when()), 6)
          + " ms" + (late > 0 ? ", " + RunTrace.millis(late, 6) + " ms late" : ", on time"));
    } else {
      record(TraceEvent.Kind.CALLBACK, TraceEvent.LOOP, describe(callback));
    }
  }

  /** A line written by the code under test, in the lane of the task that wrote it. */
  void note(@Nullable AsyncTask<?> task, String text) {
    if (events != null) {
      record(TraceEvent.Kind.NOTE, task == null ? TraceEvent.LOOP : lane(task), text);
    }
  }

  /** Records an event of the loop or of the simulated network. */
  void record(TraceEvent.Kind kind, String lane, String text) {
    List<TraceEvent> e = events;
    if (e != null) {
      flushAwait();
      e.add(new TraceEvent(tick, clock.read(), kind, lane, text));
    }
  }

  /** The lane of a task: its name, made unique with {@code #2}, {@code #3}... when two tasks share one. */
  String lane(AsyncTask<?> task) {
    String lane = live.get(task);
    return lane != null ? lane : task.getName();
  }

  private String newLane(AsyncTask<?> task) {
    String name = task.getName();
    String lane = name;
    for (int n = 2; !lanesUsed.add(lane); n++) {
      lane = name + "#" + n;
    }
    return lane;
  }

  private void flushAwait() {
    PendingAwait p = pendingAwait;
    if (p != null && events != null) {
      pendingAwait = null;
      events.add(new TraceEvent(p.tick, p.timeNanos, TraceEvent.Kind.AWAIT, p.lane, p.site));
    }
  }

  private static String outcome(AsyncTask<?> task) {
    if (task.cancelled()) {
      return "cancelled";
    }
    Throwable error = LoopSeams.access().peekException(task);
    if (error != null) {
      return "fails: " + error;
    }
    Object result = task.result();
    return result == null ? "returns" : "returns " + shorten(String.valueOf(result));
  }

  /** A callback's class without package or the JVM-specific suffix of a lambda's hidden class. */
  private static String describe(Runnable callback) {
    String name = AwaitSites.simpleName(callback.getClass().getName());
    return name.endsWith("$DoneCallback") ? "a future's done-callback" : name;
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private Host host() {
    Host h = host;
    if (h == null) {
      throw new IllegalStateException("the simulation's policy is not attached to a loop");
    }
    return h;
  }

  /** The end of a task's step, recorded once the next event shows it was an await and not the task's end. */
  private record PendingAwait(AsyncTask<?> task, String lane, long tick, long timeNanos, String site) {}

  /**
   * A {@code toThread} result the loop expects: the worker hands it over with {@link #arrive} (any thread), the
   * policy delivers it when its countdown of ticks has run out, and the loop closes it when it no longer waits.
   */
  private final class Expected implements Arrival {
    final Host host;
    final long number;
    final String what;
    final long issuedInTick;
    int countdown; // loop-confined
    private @Nullable Handle handle; // guarded by this
    private State state = State.WAITING; // guarded by this

    Expected(Host host, long number, String what, long issuedInTick, int countdown) {
      this.host = host;
      this.number = number;
      this.what = what;
      this.issuedInTick = issuedInTick;
      this.countdown = countdown;
    }

    @Override
    public void arrive(Handle h) {
      State s;
      synchronized (this) {
        s = state;
        if (s == State.WAITING) {
          handle = h;
          state = State.ARRIVED;
        }
      }
      switch (s) {
        case WAITING -> host.wakeup();
        case ABANDONED -> host.enqueueThreadsafe(h); // the run gave up waiting (a timeout): let it in as it comes
        default -> { } // closed: nobody needs it any more (Arrival's contract)
      }
    }

    @Override
    public void close() {
      synchronized (this) {
        state = State.CLOSED;
        handle = null;
      }
      outstanding.remove(this);
    }

    synchronized boolean arrived() {
      return state == State.ARRIVED;
    }

    synchronized Handle take() {
      Handle h = handle;
      if (state != State.ARRIVED || h == null) {
        throw new IllegalStateException(what + " #" + number + " has not arrived");
      }
      handle = null;
      state = State.DELIVERED;
      return h;
    }

    /** The run stopped waiting for it (it timed out): whatever comes later goes in as an ordinary callback. */
    void abandon() {
      Handle pending;
      synchronized (this) {
        pending = handle;
        handle = null;
        state = State.ABANDONED;
      }
      if (pending != null) {
        host.enqueueThreadsafe(pending);
      }
    }
  }

  private enum State {
    WAITING,
    ARRIVED,
    DELIVERED,
    CLOSED,
    ABANDONED
  }
}
