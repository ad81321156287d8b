package dev.concurrency.async;

import dev.concurrency.async.internal.JmxRegistrar;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * A loop's {@link EventLoopMXBean}: registered a moment after the loop first runs, unregistered when it closes.
 *
 * <p>It holds its loop weakly, so a loop that is dropped without being closed can still be collected; its bean
 * then reports it gone. The loop calls {@link #running} and {@link #close} from the thread that holds it; JMX
 * calls the getters from its own threads, which reach the loop only through {@link
 * EventLoop#callSoonThreadsafe} (or, when it does not answer, by a guarded racy read).
 */
final class LoopMonitor implements EventLoopMXBean {

  private static final AtomicLong SERIAL = new AtomicLong();

  private final String name;
  private final WeakReference<EventLoop> loop;
  private final JmxRegistrar.Registration registration;
  private volatile String homeThread = "";
  private volatile double lastLagMillis = -1;

  private LoopMonitor(EventLoop loop, String name) {
    this.name = name;
    this.loop = new WeakReference<>(loop);
    this.registration =
        JmxRegistrar.shared()
            .register(objectName(name), this, JmxRegistrar.longProperty(REGISTRATION_DELAY_PROPERTY, 1000));
  }

  /** A monitor for {@code loop}, registering soon, or {@code null} if JMX registration is turned off. */
  static @Nullable LoopMonitor start(EventLoop loop) {
    return JmxRegistrar.enabled() ? new LoopMonitor(loop, "loop-" + SERIAL.incrementAndGet()) : null;
  }

  /** The object name of the loop called {@code name}. */
  static ObjectName objectName(String name) {
    try {
      return new ObjectName("dev.concurrency.async:type=EventLoop,name=" + name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("not a valid JMX name: " + name, e);
    }
  }

  /** The loop starts a run on {@code thread}. */
  void running(Thread thread) {
    homeThread = thread.getName();
  }

  /** The loop closed: the bean goes. */
  void close() {
    registration.close();
  }

  JmxRegistrar.Registration registration() {
    return registration;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isRunning() {
    EventLoop l = loop.get();
    return l != null && l.isRunning();
  }

  @Override
  public boolean isDebug() {
    EventLoop l = loop.get();
    return l != null && l.isDebug();
  }

  @Override
  public int getTaskCount() {
    EventLoop l = loop.get();
    return l == null ? 0 : l.taskCount();
  }

  @Override
  public double getLagMillis() {
    EventLoop l = loop.get();
    if (l == null || !l.isRunning()) {
      return 0;
    }
    ask(l, LoopMonitor::nothing);
    return lastLagMillis;
  }

  @Override
  public Snapshot getSnapshot() {
    EventLoop l = loop.get();
    if (l == null) {
      return new Snapshot(name, homeThread, false, false, -1, 0, 0, 0, List.of());
    }
    int max = (int) Math.min(Integer.MAX_VALUE, JmxRegistrar.longProperty(MAX_TASKS_PROPERTY, 10_000));
    Sample sample = ask(l, on -> Sample.take(on, max));
    boolean responsive = sample != null;
    if (sample == null) {
      sample = Sample.takeWithoutHelp(l, max); // the loop is blocked: read what can be read
    }
    List<TaskInfo> tasks = new ArrayList<>(sample.tasks.size());
    for (TaskSample t : sample.tasks) {
      tasks.add(t.describe());
    }
    return new Snapshot(
        name, homeThread, l.isRunning(), responsive, responsive ? lastLagMillis : -1, sample.ready, sample.timers,
        sample.taskCount, tasks);
  }

  @Override
  public String formatCallGraphs() {
    EventLoop l = loop.get();
    if (l == null) {
      return "";
    }
    String graphs = ask(l, LoopMonitor::formatLeaves);
    return graphs != null ? graphs : "(the loop did not answer: it is blocked)";
  }

  /** Every task that awaits no other task, with its call graph up to the roots. */
  private static String formatLeaves(EventLoop loop) {
    List<AsyncTask<?>> tasks = loop.tasks();
    Set<AsyncFuture<?>> awaiting = AwaitGraph.identitySet();
    for (AsyncTask<?> t : tasks) {
      awaiting.addAll(AwaitGraph.awaitedBy(t));
    }
    List<String> graphs = new ArrayList<>();
    for (AsyncTask<?> t : tasks) {
      if (!awaiting.contains(t)) {
        graphs.add(CallGraphs.formatCallGraph(t));
      }
    }
    return String.join("\n\n", graphs);
  }

  private static @Nullable Void nothing(EventLoop loop) {
    return null;
  }

  /**
   * Runs {@code question} on the loop and waits for the answer; {@code null} if the loop does not answer in time.
   * A loop that does not run is asked directly: it is confined to no thread then.
   */
  private <T> @Nullable T ask(EventLoop l, Function<EventLoop, T> question) {
    if (!l.isRunning()) {
      return l.isClosed() ? null : question.apply(l);
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    long posted = System.nanoTime();
    try {
      l.callSoonThreadsafe(
          () -> {
            lastLagMillis = (System.nanoTime() - posted) / 1e6;
            try {
              answer.complete(question.apply(l));
            } catch (RuntimeException | Error e) {
              answer.completeExceptionally(e);
            }
          });
      return answer.get(JmxRegistrar.longProperty(ANSWER_TIMEOUT_PROPERTY, 1000), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | IllegalStateException blockedOrClosed) {
      lastLagMillis = -1;
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading the loop failed: " + e.getCause(), e.getCause());
    }
  }

  /** What the loop's own thread collects: cheap fields only; stacks are read afterwards, off the loop. */
  private record Sample(List<TaskSample> tasks, int taskCount, int ready, int timers) {

    static Sample take(EventLoop loop, int max) {
      List<AsyncTask<?>> all = loop.tasks();
      List<AsyncTask<?>> listed = all.subList(0, Math.min(max, all.size()));
      Map<AsyncFuture<?>, Long> ids = new IdentityHashMap<>();
      for (AsyncTask<?> t : listed) {
        ids.put(t, t.number());
      }
      List<TaskSample> samples = new ArrayList<>(listed.size());
      for (AsyncTask<?> t : listed) {
        List<Long> awaiters = new ArrayList<>();
        for (AsyncFuture<?> w : AwaitGraph.awaitedBy(t)) {
          Long id = ids.get(w);
          if (id != null) {
            awaiters.add(id);
          }
        }
        AsyncFuture<?> waiting = t.waitingOn();
        samples.add(
            new TaskSample(
                t, t.number(), t.getName(), AwaitGraph.state(t).name(),
                waiting == null || waiting.done() ? "" : AwaitGraph.label(waiting), awaiters));
      }
      return new Sample(samples, all.size(), loop.readyCount(), loop.timerCount());
    }

    /** The loop is busy: its structures are read racily, so anything odd is dropped rather than trusted. */
    static Sample takeWithoutHelp(EventLoop loop, int max) {
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          return take(loop, max);
        } catch (RuntimeException torn) {
          // a structure changed under the read: try again, then give up
        }
      }
      return new Sample(List.of(), loop.taskCount(), 0, 0);
    }
  }

  /** One task as the loop saw it, plus its stack, read when described. */
  private record TaskSample(
      AsyncTask<?> task, long id, String name, String state, String awaiting, List<Long> awaitedBy) {

    TaskInfo describe() {
      StackTraceElement[] stack;
      try {
        stack = task.getStack();
      } catch (RuntimeException racy) {
        stack = new StackTraceElement[0]; // the task moved on while its stack was read
      }
      List<StackTraceElement> kept = TaskFrames.ofSuspended(stack);
      List<FrameInfo> frames = new ArrayList<>(kept.size());
      for (StackTraceElement e : kept) {
        frames.add(new FrameInfo(new FrameCallGraphEntry(e).qualifiedName(),
            e.getFileName() == null ? "" : e.getFileName(), e.getLineNumber()));
      }
      String what = awaiting;
      if (!what.isEmpty() && !what.startsWith("Task ") && !kept.isEmpty()
          && TaskFrames.isLibrary(kept.get(0).getClassName())) {
        what = frames.get(0).function(); // the library call it waits in (AsyncIO.sleep) says more than "Future@..."
      }
      return new TaskInfo(id, name, state, what, frames, awaitedBy);
    }
  }
}
