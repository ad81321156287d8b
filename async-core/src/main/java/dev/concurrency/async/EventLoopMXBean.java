package dev.concurrency.async;

import java.util.List;

/**
 * The JMX view of a running {@link EventLoop}: its tasks, what each awaits and who awaits it, the loop's lag and
 * queue lengths. Every loop that has run for a moment registers one in the platform MBean server, under {@code
 * dev.concurrency.async:type=EventLoop,name=loop-N}, so JConsole, JDK Mission Control and {@code
 * ./examples.sh ps PID} see it with no set-up; closing the loop unregisters it.
 *
 * {@snippet class=dev.concurrency.async.ObservabilitySnippetsTest region=eventLoopMXBean}
 *
 * <p><b>When.</b> A loop registers {@link #REGISTRATION_DELAY_PROPERTY} milliseconds (default 1000) after it first
 * starts running, on a daemon thread of its own, so that the short loops of tests and scripts never pay for JMX
 * (starting the platform MBean server costs tens to hundreds of milliseconds). {@code
 * -Ddev.concurrency.jmx=false} turns registration off.
 *
 * <p><b>Consistency.</b> {@link #getSnapshot()} asks the loop itself, through {@link
 * EventLoop#callSoonThreadsafe}, so the list of tasks, their states and their edges come from one moment between
 * two callbacks; the time that request waited is the {@linkplain Snapshot#lagMillis() lag}. The stacks are read
 * afterwards, from the JMX thread, and may be a moment newer. A loop that does not answer within {@link
 * #ANSWER_TIMEOUT_PROPERTY} milliseconds (default 1000: it is blocked, which is worth knowing) is read without its
 * help: {@link Snapshot#responsive()} is then {@code false} and the rest is a best effort.
 *
 * <p>Implementations are thread-safe: JMX calls them from its own threads.
 *
 * <p><b>Python:</b> what {@code python -m asyncio ps PID} reads (3.14), which Python gets by reading the process's
 * memory; here the JVM's platform MBean server serves it.
 */
public interface EventLoopMXBean {

  /** The system property that turns registration off when {@code false}. */
  String ENABLED_PROPERTY = "dev.concurrency.jmx";

  /** The system property with the registration delay in milliseconds. */
  String REGISTRATION_DELAY_PROPERTY = "dev.concurrency.jmx.delayMillis";

  /** The system property with how long a snapshot waits for the loop, in milliseconds. */
  String ANSWER_TIMEOUT_PROPERTY = "dev.concurrency.jmx.answerMillis";

  /** The system property with the most tasks a snapshot lists (default 10,000). */
  String MAX_TASKS_PROPERTY = "dev.concurrency.jmx.maxTasks";

  /**
   * The loop's name, {@code loop-N}, N counting loops in this JVM.
   *
   * @return the loop's name
   */
  String getName();

  /**
   * Whether the loop is running now.
   *
   * @return whether the loop is running now
   */
  boolean isRunning();

  /**
   * Whether the loop is in debug mode.
   *
   * @return whether the loop is in debug mode
   */
  boolean isDebug();

  /**
   * The number of tasks not done, without asking the loop (a racy count, cheap to poll).
   *
   * @return the number of tasks not done
   */
  int getTaskCount();

  /**
   * How long the loop took to answer a request just now, in milliseconds: the time a callback posted from another
   * thread waits. {@code -1} if it did not answer in time.
   *
   * @return the loop's lag in milliseconds, or -1
   */
  double getLagMillis();

  /**
   * The loop's tasks, their states, stacks and edges, and its queues, as one snapshot.
   *
   * @return the snapshot
   */
  Snapshot getSnapshot();

  /**
   * Every task's call graph, printed as {@link CallGraphs#formatCallGraph} prints one, for the tasks nobody awaits
   * (the roots of the await graph), separated by blank lines.
   *
   * @return the printed call graphs
   */
  String formatCallGraphs();

  /**
   * One look at a loop.
   *
   * @param loop the loop's name
   * @param thread the name of the thread that runs the loop (the one that called {@code runForever})
   * @param running whether the loop was running
   * @param responsive whether the loop answered; if not, the rest was read without its help and may be torn
   * @param lagMillis how long the loop took to answer, in milliseconds; -1 if it did not
   * @param readyCount callbacks and task steps ready to run
   * @param timerCount timers scheduled
   * @param taskCount tasks not done
   * @param tasks the tasks, at most {@link #MAX_TASKS_PROPERTY} of them, oldest first
   */
  record Snapshot(
      String loop,
      String thread,
      boolean running,
      boolean responsive,
      double lagMillis,
      int readyCount,
      int timerCount,
      int taskCount,
      List<TaskInfo> tasks) {

    /** Copies the list. */
    public Snapshot {
      tasks = List.copyOf(tasks);
    }
  }

  /**
   * One task.
   *
   * @param id the task's number on its loop (the N of {@code Task-N}), unique on the loop
   * @param name the task's name
   * @param state a {@link FutureCallGraph.State} name
   * @param awaiting what the task is suspended on ({@code Task 'x'}, {@code AsyncIO.sleep}, ...), or empty
   * @param stack where it is suspended, innermost frame first, as the await graph cuts it
   * @param awaitedBy the ids of the tasks that await it
   */
  record TaskInfo(long id, String name, String state, String awaiting, List<FrameInfo> stack, List<Long> awaitedBy) {

    /** Copies the lists. */
    public TaskInfo {
      stack = List.copyOf(stack);
      awaitedBy = List.copyOf(awaitedBy);
    }
  }

  /**
   * One frame of a task's stack.
   *
   * @param function the class's simple name and the function, {@code Demo.play}
   * @param file the source file, or empty
   * @param line the line, or -1
   */
  record FrameInfo(String function, String file, int line) {}
}
