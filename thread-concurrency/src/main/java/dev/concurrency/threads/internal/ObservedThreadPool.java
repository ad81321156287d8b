package dev.concurrency.threads.internal;

import dev.concurrency.threads.ThreadPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * A fixed {@link ThreadPoolExecutor} that can be watched: it knows its workers and what each runs, serves that as a
 * {@link ThreadPoolMXBean} registered a moment after it starts (unregistered when it terminates), and emits the
 * {@link PoolEvents} JFR events.
 *
 * <p>Thread-safe, as {@code ThreadPoolExecutor}: the worker table is a concurrent map, each worker writing only its
 * own entry. A pool seen terminated ({@link #isTerminated}, {@link #awaitTermination}) has also committed every
 * worker's {@code WorkerDied} event: a worker emits it after {@code ThreadPoolExecutor} has counted its exit, so
 * termination here also waits for that last act of each worker thread.
 */
public final class ObservedThreadPool extends ThreadPoolExecutor implements ThreadPoolMXBean {

  private static final System.Logger LOG = System.getLogger(ObservedThreadPool.class.getName());

  /** What one worker runs now; written by the worker, read by JMX. */
  private static final class Slot {
    volatile @Nullable Runnable task;
    PoolEvents.@Nullable PoolTask event;
  }

  /** Worker threads that have not yet emitted their {@code WorkerDied} event. */
  private static final class Tails {
    private int running; // guarded by this

    synchronized void started() {
      running++;
    }

    synchronized void ended() {
      if (--running == 0) {
        notifyAll();
      }
    }

    synchronized boolean none() {
      return running == 0;
    }

    /** Waits until none is left, at most {@code nanos} from {@code start} ({@link System#nanoTime()}). */
    synchronized boolean awaitNone(long start, long nanos) throws InterruptedException {
      while (running > 0) {
        long left = nanos - (System.nanoTime() - start);
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  private final String poolName;
  private final Tails tails;
  private final Map<Thread, Slot> workers = new ConcurrentHashMap<>();
  private final Object registration = new Object();
  private @Nullable ObjectName registered; // guarded by registration
  private boolean terminatedYet; // guarded by registration

  /**
   * A fixed pool of {@code size} workers made by {@code threads}.
   *
   * @param poolName the pool's name, used in the MXBean's name and the events
   * @param size the number of workers
   * @param queue the work queue
   * @param threads makes the workers
   * @param saturation called when the queue is full or the pool shut down
   */
  public ObservedThreadPool(
      String poolName, int size, BlockingQueue<Runnable> queue, ThreadFactory threads,
      RejectedExecutionHandler saturation) {
    this(poolName, size, queue, threads, saturation, new Tails());
  }

  private ObservedThreadPool(
      String poolName, int size, BlockingQueue<Runnable> queue, ThreadFactory threads,
      RejectedExecutionHandler saturation, Tails tails) {
    super(size, size, 0, TimeUnit.MILLISECONDS, queue, observing(poolName, threads, tails), saturation);
    this.poolName = poolName;
    this.tails = tails;
    Registrar.later(this);
  }

  private static ThreadFactory observing(String poolName, ThreadFactory threads, Tails tails) {
    return body ->
        threads.newThread(
            () -> {
              // before the executor can count this worker out: termination implies every started() happened
              tails.started();
              try {
                PoolEvents.workerStarted(poolName);
                String cause = "exit";
                try {
                  body.run();
                } catch (RuntimeException | Error e) {
                  cause = e.getClass().getName();
                  throw e;
                } finally {
                  PoolEvents.workerDied(poolName, cause);
                }
              } finally {
                tails.ended();
              }
            });
  }

  @Override
  public boolean isTerminated() {
    return super.isTerminated() && tails.none();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long start = System.nanoTime();
    long nanos = unit.toNanos(timeout);
    return super.awaitTermination(timeout, unit) && tails.awaitNone(start, nanos);
  }

  @Override
  public void execute(Runnable command) {
    PoolEvents.queued(poolName, getQueue().size());
    super.execute(command);
  }

  @Override
  protected void beforeExecute(Thread worker, Runnable task) {
    Slot slot = workers.computeIfAbsent(worker, w -> new Slot());
    slot.task = task;
    slot.event = PoolEvents.taskStarts(poolName, task);
  }

  @Override
  protected void afterExecute(Runnable task, @Nullable Throwable thrown) {
    Slot slot = workers.get(Thread.currentThread());
    if (slot == null) {
      return;
    }
    slot.task = null;
    PoolEvents.PoolTask event = slot.event;
    if (event != null) {
      slot.event = null;
      PoolEvents.taskEnds(event, outcome(task, thrown));
    }
  }

  private static String outcome(Runnable task, @Nullable Throwable thrown) {
    if (thrown != null) {
      return thrown.getClass().getName();
    }
    if (task instanceof Future<?> future && future.isDone()) {
      return switch (future.state()) {
        case CANCELLED -> "cancelled";
        case FAILED -> future.exceptionNow().getClass().getName();
        default -> "result";
      };
    }
    return "result";
  }

  @Override
  protected void terminated() {
    super.terminated();
    synchronized (registration) {
      terminatedYet = true;
      if (registered != null) {
        try {
          ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (JMException e) {
          LOG.log(System.Logger.Level.DEBUG, "could not unregister " + registered, e);
        }
        registered = null;
      }
    }
  }

  /** Registers this pool's MXBean now, unless it has terminated; called by the registrar's thread. */
  void register() {
    synchronized (registration) {
      if (terminatedYet) {
        return;
      }
      try {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name =
            new ObjectName("dev.concurrency.threads:type=ThreadPool,name=" + ObjectName.quote(poolName));
        if (server.isRegistered(name)) {
          name = new ObjectName(name.getCanonicalName() + ",id=" + Integer.toHexString(System.identityHashCode(this)));
        }
        server.registerMBean(this, name);
        registered = name;
      } catch (JMException e) {
        LOG.log(System.Logger.Level.DEBUG, "could not register pool " + poolName, e);
      }
    }
  }

  /** The MXBean's name, if registered now. */
  public @Nullable ObjectName objectName() {
    synchronized (registration) {
      return registered;
    }
  }

  @Override
  public String getName() {
    return poolName;
  }

  @Override
  public int getQueueLength() {
    return getQueue().size();
  }

  @Override
  public Snapshot getSnapshot() {
    List<WorkerInfo> infos = new ArrayList<>();
    workers.keySet().removeIf(t -> !t.isAlive());
    for (Map.Entry<Thread, Slot> entry : workers.entrySet()) {
      Thread worker = entry.getKey();
      Runnable task = entry.getValue().task;
      Thread.State state = worker.getState();
      String doing = task == null ? "idle"
          : state == Thread.State.RUNNABLE ? "running" : state.name().toLowerCase(Locale.ROOT);
      infos.add(new WorkerInfo(worker.getName(), String.valueOf(worker.threadId()), doing,
          task == null ? "" : String.valueOf(task)));
    }
    infos.sort((a, b) -> a.name().compareTo(b.name()));
    return new Snapshot(poolName, isShutdown(), getPoolSize(), getQueue().size(), getCompletedTaskCount(), infos);
  }

  /** Registers pools after {@link ThreadPoolMXBean#REGISTRATION_DELAY_PROPERTY}, on one daemon thread. */
  static final class Registrar {
    private static final class Holder {
      static final ScheduledExecutorService SCHEDULER = scheduler();
    }

    private Registrar() {}

    private static ScheduledExecutorService scheduler() {
      ScheduledThreadPoolExecutor scheduler =
          new ScheduledThreadPoolExecutor(
              1, Thread.ofPlatform().daemon().name("dev.concurrency.threads-jmx-registrar").factory());
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }

    static void later(ObservedThreadPool pool) {
      if ("false".equalsIgnoreCase(System.getProperty("dev.concurrency.jmx"))) {
        return;
      }
      long delay = Long.getLong(REGISTRATION_DELAY_PROPERTY, 1000L);
      Holder.SCHEDULER.schedule(pool::register, Math.max(0, delay), TimeUnit.MILLISECONDS);
    }
  }
}
