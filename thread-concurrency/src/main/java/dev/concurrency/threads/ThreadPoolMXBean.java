package dev.concurrency.threads;

import java.util.List;

/**
 * The JMX view of a running {@link ThreadPool} with worker threads ({@link ThreadPool#fixed}, {@link
 * ThreadPool#builder}): its workers, what each runs, its queue. Every such pool registers one in the platform MBean
 * server under {@code dev.concurrency.threads:type=ThreadPool,name=POOL}, so JConsole, JDK Mission Control and
 * {@code ./examples.sh ps PID} see it with no set-up; the pool unregisters it when it has terminated.
 *
 * <p><b>When.</b> A pool registers {@value #REGISTRATION_DELAY_PROPERTY} milliseconds (default 1000) after it is
 * built, on a daemon thread of its own, so that the short-lived pools of tests and scripts never pay for JMX (the
 * first registration starts the platform MBean server). {@code -Ddev.concurrency.jmx=false} turns registration off.
 * A pool terminated before its turn is never registered.
 *
 * <p>Implementations are thread-safe: JMX calls them from its own threads. A snapshot is read without stopping the
 * pool: each worker's entry is current when read, but the entries are not one atomic picture.
 *
 * <p><b>Python:</b> none; {@code python -m asyncio ps} lists only an event loop's tasks.
 */
public interface ThreadPoolMXBean {

  /** The system property with the registration delay in milliseconds, shared with the other modules' beans. */
  String REGISTRATION_DELAY_PROPERTY = "dev.concurrency.jmx.delayMillis";

  /**
   * The pool's name.
   *
   * @return the pool's name
   */
  String getName();

  /**
   * The tasks waiting in the queue.
   *
   * @return the queue's length
   */
  int getQueueLength();

  /**
   * The tasks the workers have finished, in any way.
   *
   * @return the number of tasks finished
   */
  long getCompletedTaskCount();

  /**
   * The pool, its queue and its workers, read now.
   *
   * @return the snapshot
   */
  Snapshot getSnapshot();

  /**
   * One look at a pool.
   *
   * @param pool the pool's name
   * @param shutdown whether it has been shut down
   * @param workerCount the live workers
   * @param queueLength the tasks waiting in the queue
   * @param completedTaskCount the tasks the workers have finished
   * @param workers each live worker
   */
  record Snapshot(
      String pool, boolean shutdown, int workerCount, int queueLength, long completedTaskCount,
      List<WorkerInfo> workers) {

    /** Copies the list. */
    public Snapshot {
      workers = List.copyOf(workers);
    }
  }

  /**
   * One worker thread.
   *
   * @param name the thread's name
   * @param id the thread's id
   * @param state {@code running} with a task, {@code idle} waiting for one, or the thread's {@link Thread.State}
   *     name in lower case while it runs a task but is blocked or waiting inside it
   * @param task the task it runs ({@code toString} of the task), or empty
   */
  record WorkerInfo(String name, String id, String state, String task) {}
}
