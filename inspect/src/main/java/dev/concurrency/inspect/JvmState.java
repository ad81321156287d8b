package dev.concurrency.inspect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * What one JVM's MXBeans say about its event loops and pools, read at one moment: the data {@code ps} and {@code
 * pstree} print.
 *
 * <p>It is read by name from the JMX open types the library modules publish ({@code
 * dev.concurrency.async:type=EventLoop}, {@code dev.concurrency.threads:type=ThreadPool}, {@code
 * dev.concurrency.processes:type=ProcessPool}, and any other {@code dev.concurrency.*:type=*Pool}), so this tool
 * needs none of those modules: it reads a JVM that runs any version of them. An item a bean lacks reads as empty.
 *
 * <p>Immutable and thread-safe.
 *
 * @param loops the event loops, by name
 * @param pools the thread and process pools, by kind and name
 */
record JvmState(List<Loop> loops, List<Pool> pools) {

  /** The event loops' object names. */
  static final String LOOPS = "dev.concurrency.async:type=EventLoop,*";

  /** Every pool of every module: thread pools, process pools, the cluster's. */
  static final String POOLS = "dev.concurrency*:type=*Pool,*";

  JvmState {
    loops = List.copyOf(loops);
    pools = List.copyOf(pools);
  }

  /** Reads every loop and pool {@code server} has. */
  static JvmState read(MBeanServerConnection server) throws IOException, JMException {
    List<Loop> loops = new ArrayList<>();
    for (ObjectName name : sorted(server.queryNames(new ObjectName(LOOPS), null))) {
      loops.add(Loop.of((CompositeData) server.getAttribute(name, "Snapshot")));
    }
    List<Pool> pools = new ArrayList<>();
    for (ObjectName name : sorted(server.queryNames(new ObjectName(POOLS), null))) {
      pools.add(Pool.of(name.getKeyProperty("type"), (CompositeData) server.getAttribute(name, "Snapshot")));
    }
    return new JvmState(loops, pools);
  }

  private static List<ObjectName> sorted(Set<ObjectName> names) {
    return names.stream().sorted(Comparator.comparing(ObjectName::getCanonicalName)).toList();
  }

  /** One event loop's snapshot. */
  record Loop(
      String name, String thread, boolean running, boolean responsive, double lagMillis, int readyCount,
      int timerCount, int taskCount, List<Task> tasks) {

    Loop {
      tasks = List.copyOf(tasks);
    }

    static Loop of(CompositeData data) {
      List<Task> tasks = new ArrayList<>();
      for (CompositeData task : composites(data, "tasks")) {
        tasks.add(Task.of(task));
      }
      return new Loop(
          text(data, "loop"), text(data, "thread"), flag(data, "running"), flag(data, "responsive"),
          number(data, "lagMillis").doubleValue(), number(data, "readyCount").intValue(),
          number(data, "timerCount").intValue(), number(data, "taskCount").intValue(), tasks);
    }
  }

  /** One task: its id on its loop, name, state, what it awaits, its stack (innermost first) and its awaiters. */
  record Task(long id, String name, String state, String awaiting, List<Frame> stack, List<Long> awaitedBy) {

    Task {
      stack = List.copyOf(stack);
      awaitedBy = List.copyOf(awaitedBy);
    }

    static Task of(CompositeData data) {
      List<Frame> stack = new ArrayList<>();
      for (CompositeData frame : composites(data, "stack")) {
        stack.add(new Frame(text(frame, "function"), text(frame, "file"), number(frame, "line").intValue()));
      }
      List<Long> awaiters = new ArrayList<>();
      if (data.containsKey("awaitedBy") && data.get("awaitedBy") instanceof Long[] ids) {
        awaiters.addAll(List.of(ids));
      }
      return new Task(number(data, "id").longValue(), text(data, "name"), text(data, "state"),
          text(data, "awaiting"), stack, awaiters);
    }
  }

  /** One frame: {@code Demo.play}, {@code Demo.java}, 12. */
  record Frame(String function, String file, int line) {

    /** {@code Demo.play Demo.java:12}, as {@code pstree} labels a coroutine frame. */
    String label() {
      return file.isEmpty() ? function : function + " " + file + ":" + line;
    }
  }

  /**
   * One pool: its kind ({@code ThreadPool}, {@code ProcessPool}), name, whether it is shut down, its queue, what it
   * has finished, and its workers.
   */
  record Pool(
      String kind, String name, boolean shutdown, int workerCount, int queueLength, long completedTaskCount,
      List<Worker> workers) {

    Pool {
      workers = List.copyOf(workers);
    }

    static Pool of(String kind, CompositeData data) {
      List<Worker> workers = new ArrayList<>();
      for (CompositeData worker : composites(data, "workers")) {
        workers.add(new Worker(text(worker, "name"), text(worker, "id"), text(worker, "state"), text(worker, "task")));
      }
      return new Pool(
          kind, text(data, "pool"), flag(data, "shutdown"), number(data, "workerCount").intValue(),
          number(data, "queueLength").intValue(), number(data, "completedTaskCount").longValue(), workers);
    }
  }

  /** One worker: a thread (its id) or a child process (its PID), what it does, and the task it runs. */
  record Worker(String name, String id, String state, String task) {}

  private static String text(CompositeData data, String key) {
    return data.containsKey(key) && data.get(key) != null ? String.valueOf(data.get(key)) : "";
  }

  private static boolean flag(CompositeData data, String key) {
    return data.containsKey(key) && Boolean.TRUE.equals(data.get(key));
  }

  private static Number number(CompositeData data, String key) {
    return data.containsKey(key) && data.get(key) instanceof Number n ? n : -1;
  }

  private static List<CompositeData> composites(CompositeData data, String key) {
    return data.containsKey(key) && data.get(key) instanceof CompositeData[] array ? List.of(array) : List.of();
  }
}
