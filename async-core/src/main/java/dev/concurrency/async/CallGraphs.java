package dev.concurrency.async;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The await graph of a running program: for a task or future, where it is suspended and which tasks await it,
 * up to the tasks nobody awaits. Python 3.14's {@code asyncio.capture_call_graph} and {@code print_call_graph}.
 *
 * {@snippet class=dev.concurrency.async.ObservabilitySnippetsTest region=callGraphs}
 *
 * {@snippet class=dev.concurrency.async.ObservabilitySnippetsTest region=callGraphsRun}
 *
 * prints
 *
 * <pre>
 * * Task(name='play', id=0x49ea4403, state=running)
 *   + Call stack:
 *   |   File 'ObservabilitySnippetsTest.java', line 53, in ObservabilitySnippetsTest.play()
 *   + Awaited by:
 *     * Task(name='main', id=0x1dcc82ed, state=waiting)
 *       + Call stack:
 *       |   File 'TaskGroup.java', line 253, in TaskGroup.exit()
 *       |   File 'TaskGroup.java', line 106, in TaskGroup.run()
 *       |   File 'AsyncIO.java', line 274, in AsyncIO.taskGroup()
 *       |   File 'ObservabilitySnippetsTest.java', line 61, in ObservabilitySnippetsTest.printCallGraph_...()
 * </pre>
 *
 * <p><b>Edges.</b> A task awaits a future while it is suspended in {@link AsyncFuture#await()} on it. Besides
 * that, as in 3.14: the children of a {@link TaskGroup} are awaited by the group's parent task; the futures given
 * to {@link AsyncIO#gather} and {@link AsyncIO#shield} by the task that called it, until they are done; the
 * futures given to {@link AsyncIO#waitUntil} by the waiting task while it waits. A {@link Timeout} adds no edge:
 * its body runs in the task that entered it. Code that makes a task wait for a future through done-callbacks
 * records its own edges with {@link #futureAddToAwaitedBy} and {@link #futureDiscardFromAwaitedBy}.
 *
 * <p><b>Frames.</b> A task's call stack is its virtual thread's Java stack, innermost frame first, cut to what a
 * reader wants: the loop's machinery and the JDK's frames are dropped; the library's API frames where the task
 * waits ({@code AsyncIO.sleep}, {@code TaskGroup.exit}) stay; frames the task's code merely passes through (a
 * timeout block, a task group's body) are dropped, as {@code async with} adds no frame in Python; a lambda body is
 * named after the method that wrote it. A task that has not started has no frames yet. On the experimental
 * continuation scheduler a suspended task's frames are its continuation's.
 *
 * <p><b>Cycles.</b> In {@linkplain EventLoop#isDebug() debug mode} an await that would close a cycle (task A
 * awaits B, which awaits A, directly or through others) is refused with an {@link IllegalStateException} naming
 * the cycle, instead of hanging both tasks forever. Outside debug mode the await hangs, as in asyncio, and a graph
 * taken then shows the future that closes the cycle once more as a leaf, marked in the printed form.
 *
 * <p><b>Thread-safety.</b> Loop-confined: call these methods from a task or callback of the future's loop, or from
 * any single thread while the loop does not run. From other threads, use {@link EventLoop#callSoonThreadsafe}, or
 * the loop's JMX view, which does that for you.
 *
 * <p><b>Memory consistency.</b> None beyond the loop's: a graph is built from loop-confined state by the code
 * holding the loop.
 *
 * <p><b>Python:</b> {@code asyncio.capture_call_graph}, {@code format_call_graph}, {@code print_call_graph},
 * {@code future_add_to_awaited_by}, {@code future_discard_from_awaited_by} (3.14). Differences: the printed form
 * adds each future's {@linkplain FutureCallGraph.State state} after its id, and marks no frame {@code async}
 * (Java has no coroutine frames); the id is the identity hash code, not an address; debug mode refuses await
 * cycles (asyncio hangs on them); {@code IllegalStateException} stands for {@code RuntimeError}.
 */
public final class CallGraphs {

  private CallGraphs() {}

  // ---------------------------------------------------------------- capture

  /**
   * The call graph of the current task: {@code captureCallGraph(null, 1, null)}.
   *
   * @return the graph, or {@code null} if the loop runs but no task does (a callback called this)
   * @throws IllegalStateException if no event loop runs on this thread
   */
  public static @Nullable FutureCallGraph captureCallGraph() {
    return capture(null, 1, null);
  }

  /**
   * The call graph of {@code future}, or of the current task if it is {@code null}: {@code
   * captureCallGraph(future, 1, null)}.
   *
   * @param future the future or task to introspect, or {@code null} for the current task
   * @return the graph, or {@code null} if {@code future} is null and no task runs
   * @throws IllegalStateException if {@code future} is null and no event loop runs on this thread, or if called
   *     from a foreign thread while the future's loop runs
   */
  public static @Nullable FutureCallGraph captureCallGraph(@Nullable AsyncFuture<?> future) {
    return capture(future, 1, null);
  }

  /**
   * The call graph of {@code future}, or of the current task if it is {@code null}.
   *
   * <p>For the current task, the call stack starts {@code depth} frames above this call: 1 is the method that
   * called {@code captureCallGraph}, 2 its caller, and so on. For any other future, {@code depth} is ignored and
   * each task's stack is where it is suspended. {@code limit}, if not {@code null}, cuts every call stack in the
   * graph to at most {@code |limit|} frames: a positive limit keeps the frames nearest the task's start (the
   * outermost), a negative one the innermost, and 0 none, leaving only the awaited-by structure.
   *
   * <p><b>Python:</b> {@code asyncio.capture_call_graph(future=None, /, *, depth=1, limit=None)}.
   *
   * @param future the future or task to introspect, or {@code null} for the current task
   * @param depth how many frames above this call the current task's stack starts, at least 1
   * @param limit the most frames per call stack, as described, or {@code null} for all
   * @return the graph, or {@code null} if {@code future} is null and no task runs
   * @throws IllegalArgumentException if {@code depth} is less than 1
   * @throws IllegalStateException if {@code future} is null and no event loop runs on this thread, or if called
   *     from a foreign thread while the future's loop runs
   */
  public static @Nullable FutureCallGraph captureCallGraph(
      @Nullable AsyncFuture<?> future, int depth, @Nullable Integer limit) {
    return capture(future, depth, limit);
  }

  // ---------------------------------------------------------------- format and print

  /**
   * {@link #formatCallGraph(AsyncFuture, int, Integer) formatCallGraph(future, 1, null)}.
   *
   * @param future the future or task to introspect, or {@code null} for the current task
   * @return the rendered graph, or the empty string if there is none
   */
  public static String formatCallGraph(@Nullable AsyncFuture<?> future) {
    return format(capture(future, 1, null));
  }

  /**
   * The call graph of {@code future} (or of the current task), rendered as 3.14 prints it: one line per future,
   * {@code * Task(name='...', id=0x..., state=...)} or {@code * Future(id=0x..., state=...)}, then {@code + Call
   * stack:} with one {@code |   File '...', line N, in Class.method()} line per frame, then {@code + Awaited by:}
   * with the awaiters' graphs indented by four spaces. Lines are joined with {@code \n}, with none at the end.
   *
   * <p><b>Python:</b> {@code asyncio.format_call_graph(future=None, /, *, depth=1, limit=None)}.
   *
   * @param future the future or task to introspect, or {@code null} for the current task
   * @param depth as for {@link #captureCallGraph(AsyncFuture, int, Integer)}
   * @param limit as for {@link #captureCallGraph(AsyncFuture, int, Integer)}
   * @return the rendered graph, or the empty string if there is none (no task runs)
   * @throws IllegalArgumentException if {@code depth} is less than 1
   * @throws IllegalStateException as {@link #captureCallGraph(AsyncFuture, int, Integer)} does
   */
  public static String formatCallGraph(@Nullable AsyncFuture<?> future, int depth, @Nullable Integer limit) {
    return format(capture(future, depth, limit));
  }

  /** Prints the current task's call graph to {@link System#out}; see {@link #formatCallGraph}. */
  public static void printCallGraph() {
    System.out.println(format(capture(null, 1, null)));
  }

  /**
   * Prints the call graph of {@code future} (or of the current task) to {@link System#out}.
   *
   * @param future the future or task to introspect, or {@code null} for the current task
   */
  public static void printCallGraph(@Nullable AsyncFuture<?> future) {
    System.out.println(format(capture(future, 1, null)));
  }

  /**
   * Prints {@link #formatCallGraph(AsyncFuture, int, Integer)} and a line break to {@code out}.
   *
   * <p><b>Python:</b> {@code asyncio.print_call_graph(future=None, /, *, file=None, depth=1, limit=None)}.
   *
   * @param future the future or task to introspect, or {@code null} for the current task
   * @param out where to print
   * @param depth as for {@link #captureCallGraph(AsyncFuture, int, Integer)}
   * @param limit as for {@link #captureCallGraph(AsyncFuture, int, Integer)}
   */
  public static void printCallGraph(
      @Nullable AsyncFuture<?> future, PrintStream out, int depth, @Nullable Integer limit) {
    requireNonNull(out, "out");
    out.println(format(capture(future, depth, limit)));
  }

  // ---------------------------------------------------------------- edges

  /**
   * Records that {@code waiter} awaits {@code future}, for code that makes a task wait through done-callbacks
   * rather than {@code await}. Pair each call with {@link #futureDiscardFromAwaitedBy} once the wait is over.
   * Adding an edge that is already recorded does nothing. Loop-confined.
   *
   * <p><b>Python:</b> {@code asyncio.future_add_to_awaited_by(future, waiter, /)}.
   *
   * @param future the future being waited for
   * @param waiter the future or task that waits for it
   */
  public static void futureAddToAwaitedBy(AsyncFuture<?> future, AsyncFuture<?> waiter) {
    requireNonNull(future, "future");
    requireNonNull(waiter, "waiter");
    future.getLoop().checkConfined("futureAddToAwaitedBy");
    AwaitGraph.add(future, waiter);
  }

  /**
   * Withdraws an edge recorded by {@link #futureAddToAwaitedBy}; does nothing if there is none. Loop-confined.
   *
   * <p><b>Python:</b> {@code asyncio.future_discard_from_awaited_by(future, waiter, /)}.
   *
   * @param future the future that was waited for
   * @param waiter the future or task that waited for it
   */
  public static void futureDiscardFromAwaitedBy(AsyncFuture<?> future, AsyncFuture<?> waiter) {
    requireNonNull(future, "future");
    requireNonNull(waiter, "waiter");
    future.getLoop().checkConfined("futureDiscardFromAwaitedBy");
    AwaitGraph.discard(future, waiter);
  }

  // ---------------------------------------------------------------- building

  private static @Nullable FutureCallGraph capture(@Nullable AsyncFuture<?> future, int depth, @Nullable Integer limit) {
    checkArgument(depth >= 1, "depth must be at least 1 (1 is the method that asks), got %s", depth);
    EventLoop running = EventLoop.running();
    AsyncTask<?> current = running == null ? null : runningTaskOnThisThread(running);
    if (future == null) {
      if (running == null) {
        throw new IllegalStateException(
            "captureCallGraph() is called outside of a running event loop and no future to introspect was given");
      }
      if (current == null) {
        return null; // a callback asked: there is no current task, as in asyncio
      }
    } else if (future != current) {
      future.getLoop().checkConfined("captureCallGraph");
      return build(future, AwaitGraph.identitySet(), current, limit);
    }
    AsyncTask<?> me = requireNonNull(current);
    StackTraceElement[] stack = Thread.currentThread().getStackTrace();
    List<FrameCallGraphEntry> frames = entries(TaskFrames.ofCurrent(stack, callerIndex(stack) + depth - 1));
    Set<AsyncFuture<?>> path = AwaitGraph.identitySet();
    path.add(me);
    return new FutureCallGraph(me, limited(frames, limit), awaiters(me, path, me, limit), AwaitGraph.state(me));
  }

  /** The task whose code runs on this thread, if the loop's current task is that. */
  private static @Nullable AsyncTask<?> runningTaskOnThisThread(EventLoop loop) {
    AsyncTask<?> task = loop.current();
    return task != null && task.threadIfStarted() == Thread.currentThread() ? task : null;
  }

  /** The index of the first frame below this class's own (and the JDK's getStackTrace). */
  private static int callerIndex(StackTraceElement[] stack) {
    int i = 0;
    while (i < stack.length && !stack[i].getClassName().equals(CallGraphs.class.getName())) {
      i++;
    }
    while (i < stack.length && stack[i].getClassName().equals(CallGraphs.class.getName())) {
      i++;
    }
    return i;
  }

  private static FutureCallGraph build(
      AsyncFuture<?> future, Set<AsyncFuture<?>> path, @Nullable AsyncTask<?> current, @Nullable Integer limit) {
    FutureCallGraph.State state = AwaitGraph.state(future);
    if (path.contains(future)) {
      return new FutureCallGraph(future, List.of(), List.of(), state); // closes a cycle: a leaf, so the graph ends
    }
    List<FrameCallGraphEntry> frames = List.of();
    if (future instanceof AsyncTask<?> task) {
      frames = task == current ? rootFrame() : entries(TaskFrames.ofSuspended(task.getStack()));
    }
    path.add(future);
    List<FutureCallGraph> awaitedBy = awaiters(future, path, current, limit);
    path.remove(future);
    return new FutureCallGraph(future, limited(frames, limit), awaitedBy, state);
  }

  private static List<FutureCallGraph> awaiters(
      AsyncFuture<?> future, Set<AsyncFuture<?>> path, @Nullable AsyncTask<?> current, @Nullable Integer limit) {
    List<FutureCallGraph> graphs = new ArrayList<>();
    for (AsyncFuture<?> waiter : AwaitGraph.awaitedBy(future)) {
      graphs.add(build(waiter, path, current, limit));
    }
    return graphs;
  }

  /**
   * The running task seen from another future's graph: only its outermost frame, as 3.14 shows a running
   * coroutine (its {@code cr_await} chain is empty while it runs).
   */
  private static List<FrameCallGraphEntry> rootFrame() {
    List<StackTraceElement> frames = TaskFrames.ofCurrent(Thread.currentThread().getStackTrace(), 0);
    return frames.isEmpty() ? List.of() : List.of(new FrameCallGraphEntry(frames.get(frames.size() - 1)));
  }

  private static List<FrameCallGraphEntry> entries(List<StackTraceElement> frames) {
    List<FrameCallGraphEntry> entries = new ArrayList<>(frames.size());
    for (StackTraceElement frame : frames) {
      entries.add(new FrameCallGraphEntry(frame));
    }
    return entries;
  }

  /** 3.14's limit: positive keeps the outermost {@code limit} frames, negative the innermost, 0 none. */
  private static List<FrameCallGraphEntry> limited(List<FrameCallGraphEntry> frames, @Nullable Integer limit) {
    if (limit == null) {
      return frames;
    }
    int keep = Math.min(Math.abs(limit), frames.size());
    return limit >= 0 ? frames.subList(frames.size() - keep, frames.size()) : frames.subList(0, keep);
  }

  // ---------------------------------------------------------------- rendering

  private static String format(@Nullable FutureCallGraph graph) {
    if (graph == null) {
      return "";
    }
    List<String> lines = new ArrayList<>();
    render(graph, 0, lines, AwaitGraph.identitySet());
    return String.join("\n", lines);
  }

  private static void render(FutureCallGraph graph, int level, List<String> lines, Set<AsyncFuture<?>> path) {
    String indent = "    ".repeat(level);
    AsyncFuture<?> future = graph.future();
    String id = String.format(Locale.ROOT, "id=0x%x, state=%s", System.identityHashCode(future),
        graph.state().name().toLowerCase(Locale.ROOT));
    String head = future instanceof AsyncTask<?> task ? "* Task(name='" + task.getName() + "', " + id + ")"
        : "* Future(" + id + ")";
    boolean repeat = !path.add(future);
    lines.add(indent + head + (repeat ? " (await cycle: this future is shown above)" : ""));
    if (repeat) {
      return;
    }
    if (!graph.callStack().isEmpty()) {
      lines.add(indent + "  + Call stack:");
      for (FrameCallGraphEntry entry : graph.callStack()) {
        StackTraceElement frame = entry.frame();
        String file = frame.getFileName() == null ? "unknown" : frame.getFileName();
        String line = frame.getLineNumber() >= 0 ? String.valueOf(frame.getLineNumber()) : "unknown";
        lines.add(indent + "  |   File '" + file + "', line " + line + ", in " + entry.qualifiedName() + "()");
      }
    }
    if (!graph.awaitedBy().isEmpty()) {
      lines.add(indent + "  + Awaited by:");
      for (FutureCallGraph awaiter : graph.awaitedBy()) {
        render(awaiter, level + 1, lines, path);
      }
    }
    path.remove(future);
  }
}
