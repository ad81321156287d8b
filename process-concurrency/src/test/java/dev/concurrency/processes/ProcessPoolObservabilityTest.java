package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process pool seen from outside: its MXBean (registered, read, unregistered, or never registered) and its JFR
 * events, including a worker killed from outside in the middle of a task.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class ProcessPoolObservabilityTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
  private static final List<String> EVENTS = List.of("TaskQueued", "PoolTask", "WorkerStarted", "WorkerDied");

  private static String delayBefore;

  private final Captured output = new Captured();
  private final Started started = new Started();

  @BeforeAll
  static void registerAtOnce() {
    delayBefore = System.getProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY);
    System.setProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, "0");
  }

  @AfterAll
  static void restoreDelay() {
    restore(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, delayBefore);
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  @AfterEach
  void stopPools() throws InterruptedException {
    started.stopAll();
  }

  private ProcessPool pool(String name, int workers) {
    return started.pool(ProcessPool.builder().maxWorkers(workers).name(name), output);
  }

  /** A task that runs until its worker is killed: the test stops it with shutdownNow or a kill. */
  static String hang() throws InterruptedException {
    new CountDownLatch(1).await(); // nothing counts it down: it runs until the test stops or kills its worker
    return "never";
  }

  static int fails() {
    throw new IllegalArgumentException("on purpose");
  }

  private static ObjectName named(String pool) {
    try {
      return new ObjectName("dev.concurrency.processes:type=ProcessPool,name=" + ObjectName.quote(pool));
    } catch (MalformedObjectNameException e) {
      throw new AssertionError(e);
    }
  }

  private static ProcessPoolMXBean bean(String pool) {
    ObjectName name = named(pool);
    Await.until(() -> SERVER.isRegistered(name), "the MXBean of " + pool + " is registered");
    return JMX.newMXBeanProxy(SERVER, name, ProcessPoolMXBean.class);
  }

  @Test
  void runningPool_isRegistered_showsItsWorkersPidAndTask_andItsQueue_andGoesAwayWhenTerminated() throws Exception {
    ProcessPool pool = pool("observed-processes", 1);
    CompletableFuture<String> running = pool.submit(ProcessPoolObservabilityTest::hang);
    pool.submit(() -> 1); // sent ahead into the busy worker's channel
    pool.submit(() -> 2); // waits in the pool's queue
    Await.started(pool, running);
    ProcessPoolMXBean bean = bean("observed-processes");

    ProcessPoolMXBean.Snapshot snapshot = bean.getSnapshot();
    long pid = pool.workerPids().get(0);
    assertThat(snapshot.pool()).isEqualTo("observed-processes");
    assertThat(snapshot.shutdown()).isFalse();
    assertThat(snapshot.workerCount()).isEqualTo(1);
    assertThat(snapshot.queueLength()).isEqualTo(1);
    assertThat(snapshot.completedTaskCount()).isZero();
    assertThat(snapshot.workers()).singleElement().satisfies(worker -> {
      assertThat(worker.name()).isEqualTo("observed-processes-worker-1");
      assertThat(worker.id()).isEqualTo(String.valueOf(pid));
      assertThat(worker.state()).isEqualTo("running");
      assertThat(worker.task()).isEqualTo("task #1: ProcessPoolObservabilityTest::hang");
    });
    assertThat(ProcessHandle.of(pid)).as("the worker is a live child of this JVM").hasValueSatisfying(child -> {
      assertThat(child.isAlive()).isTrue();
      assertThat(child.parent().map(ProcessHandle::pid)).hasValue(ProcessHandle.current().pid());
    });
    assertThat(bean.getWorkerPids()).containsExactly(pid);
    assertThat(bean.getQueueLength()).isEqualTo(1);
    assertThat(bean.getMaxWorkers()).isEqualTo(1);
    assertThat(bean.getSubmittedTaskCount()).isEqualTo(3);
    assertThat(bean.getStartedWorkerCount()).isEqualTo(1);

    pool.shutdownNow();
    assertThat(pool.awaitTermination(Await.LIMIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(SERVER.isRegistered(named("observed-processes"))).as("unregistered once terminated").isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void snapshot_hasTheItemsTheInspectToolReads() throws Exception {
    ProcessPool pool = pool("shaped-processes", 1);
    assertThat(pool.submit(() -> 6 * 7).get(Await.LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);
    ProcessPoolMXBean bean = bean("shaped-processes");
    Await.until(() -> bean.getCompletedTaskCount() == 1, "the task is counted"); // counted as its future completes

    CompositeData snapshot = (CompositeData) SERVER.getAttribute(named("shaped-processes"), "Snapshot");

    assertThat(snapshot.getCompositeType().keySet())
        .containsExactlyInAnyOrder("pool", "shutdown", "workerCount", "queueLength", "completedTaskCount", "workers");
    assertThat(snapshot.get("completedTaskCount")).isEqualTo(1L);
    CompositeData[] workers = (CompositeData[]) snapshot.get("workers");
    assertThat(workers).singleElement().satisfies(worker -> {
      assertThat(worker.getCompositeType().keySet()).containsExactlyInAnyOrder("name", "id", "state", "task");
      assertThat(worker.get("state")).isEqualTo("idle");
      assertThat(worker.get("task")).isEqualTo("");
      assertThat(worker.get("id")).isEqualTo(String.valueOf(pool.workerPids().get(0)));
    });
  }

  @Test
  void close_unregistersBeforeItReturns() throws Exception {
    ProcessPool pool = pool("closed-processes", 1);
    pool.submit(() -> 1).get(Await.LIMIT_S, TimeUnit.SECONDS);
    bean("closed-processes");

    pool.close();

    assertThat(SERVER.isRegistered(named("closed-processes"))).isFalse();
  }

  @Test
  void registrationOff_registersNothing() throws Exception {
    System.setProperty(ProcessPoolMXBean.REGISTRATION_PROPERTY, "false");
    try {
      pool("unobserved-processes", 1);
    } finally {
      System.clearProperty(ProcessPoolMXBean.REGISTRATION_PROPERTY);
    }
    // the registrar takes pools in turn: once a pool built later is registered, the first had its turn
    pool("marker-processes", 1);
    bean("marker-processes");

    assertThat(SERVER.isRegistered(named("unobserved-processes"))).isFalse();
  }

  @Test
  void aPoolTerminatedBeforeItsTurn_isNeverRegistered() throws Exception {
    System.setProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, "200");
    ProcessPool early;
    try {
      early = pool("short-lived-processes", 1);
      early.close(); // no worker was started: terminated at once, well before its turn
    } finally {
      System.setProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, "400");
    }
    try {
      pool("later-processes", 1);
    } finally {
      System.setProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, "0");
    }
    bean("later-processes");

    assertThat(early.isTerminated()).isTrue();
    assertThat(SERVER.isRegistered(named("short-lived-processes"))).isFalse();
  }

  @Test
  void counters_sayWhatBecameOfTasksAndWorkers() throws Exception {
    ProcessPool pool = started.pool(
        ProcessPool.builder().maxWorkers(1).maxTasksPerChild(2).name("counted-processes"), output);
    assertThat(pool.submit(() -> 1).get(Await.LIMIT_S, TimeUnit.SECONDS)).isEqualTo(1);
    CompletableFuture<Integer> failing = pool.submit(ProcessPoolObservabilityTest::fails);
    assertThat(failing).failsWithin(Duration.ofSeconds(Await.LIMIT_S));
    assertThat(pool.submit(() -> 3).get(Await.LIMIT_S, TimeUnit.SECONDS)).isEqualTo(3); // on a second worker
    CompletableFuture<String> hanging = pool.submit(ProcessPoolObservabilityTest::hang);
    Await.started(pool, hanging);
    ProcessPoolMXBean bean = bean("counted-processes");

    assertThat(hanging.cancel(true)).isTrue(); // kills the worker: the pool's doing, not a loss

    Await.until(() -> bean.getCompletedTaskCount() == 4, "four tasks done");
    assertThat(bean.getSubmittedTaskCount()).isEqualTo(4);
    assertThat(bean.getFailedTaskCount()).isEqualTo(1);
    assertThat(bean.getCancelledTaskCount()).isEqualTo(1);
    assertThat(bean.getRecycledWorkerCount()).isEqualTo(1);
    assertThat(bean.getStartedWorkerCount()).isEqualTo(2);
    assertThat(bean.getLostWorkerCount()).isZero();
  }

  @Test
  void jfrEvents_taskQueuedAndRun_workersStartedAndDied_aKilledWorkersTaskFails(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pool.jfr");
    long killed;
    long replacement;
    try (Recording recording = new Recording()) {
      for (String event : EVENTS) {
        recording.enable("dev.concurrency.processes." + event).withThreshold(Duration.ZERO);
      }
      recording.start();
      ProcessPool pool = pool("recorded-processes", 1);
      assertThat(pool.submit(() -> 6 * 7).get(Await.LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(pool.submit(ProcessPoolObservabilityTest::fails)).failsWithin(Duration.ofSeconds(Await.LIMIT_S));
      CompletableFuture<String> hanging = pool.submit(ProcessPoolObservabilityTest::hang);
      Await.started(pool, hanging);
      killed = pool.workerPids().get(0);

      ProcessHandle.of(killed).orElseThrow().destroyForcibly();

      assertThat(hanging).failsWithin(Duration.ofSeconds(Await.LIMIT_S))
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BrokenPoolException.class);
      assertThat(pool.map(x -> x + 1, List.of(1, 2), 2)).containsExactly(2, 3); // one chunk, on a replacement
      replacement = pool.workerPids().get(0);
      pool.close();
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.concurrency.processes."))
        .filter(e -> "recorded-processes".equals(e.getString("pool")))
        .sorted(Comparator.comparing(RecordedEvent::getStartTime))
        .toList();

    assertThat(named(events, "TaskQueued")).extracting(e -> e.getLong("taskId")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(named(events, "PoolTask")).extracting(
            e -> e.getLong("taskId"), e -> e.getString("outcome"), e -> e.getLong("workerPid"))
        .containsExactly(
            tuple(1L, "result", killed),
            tuple(2L, IllegalArgumentException.class.getName(), killed),
            tuple(3L, "worker died", killed),
            tuple(4L, "result", replacement));
    assertThat(named(events, "PoolTask").get(2).getString("task")).isEqualTo("task #3: ProcessPoolObservabilityTest::hang");
    assertThat(named(events, "PoolTask").get(3).getString("task"))
        .startsWith("task #4: map chunk of 2 items: ProcessPoolObservabilityTest");
    assertThat(named(events, "WorkerStarted")).extracting(e -> e.getLong("pid")).containsExactly(killed, replacement);
    assertThat(named(events, "WorkerStarted")).allSatisfy(e -> {
      assertThat(e.getString("worker")).startsWith("recorded-processes-worker-");
      // the operating system's clock for process starts is coarse (Linux: boot time in whole seconds, then ticks)
      assertThat(Duration.between(e.getStartTime(), e.getInstant("processStart")).abs()).isLessThan(Duration.ofSeconds(5));
      assertThat(e.getDuration()).as("its boot, from spawn to ready").isPositive();
    });
    assertThat(named(events, "WorkerDied")).extracting(
            e -> e.getLong("pid"), e -> e.getString("cause"), e -> e.getInt("exitCode"))
        .containsExactly(
            tuple(killed, "killed", -9),
            tuple(replacement, "exit", 0));
  }

  @Test
  void jfrEvents_theJdksDefaultSettings_recordTheWorkers_notEachTask(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("default.jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
      recording.start();
      ProcessPool pool = pool("default-settings-processes", 1);
      assertThat(pool.submit(() -> 6 * 7).get(Await.LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);
      pool.close();
      recording.stop();
      recording.dump(file);
    }
    // one event per task would weigh on a continuous production recording: those are asked for by name
    assertThat(RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().startsWith("dev.concurrency.processes."))
            .filter(e -> "default-settings-processes".equals(e.getString("pool")))
            .map(e -> e.getEventType().getName()))
        .containsExactlyInAnyOrder("dev.concurrency.processes.WorkerStarted", "dev.concurrency.processes.WorkerDied");
  }

  @Test
  void jfrEvents_aRecycledWorkerDiesOfItsTaskLimit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("recycled.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("dev.concurrency.processes.WorkerDied");
      recording.start();
      try (ProcessPool pool = started.pool(
          ProcessPool.builder().maxWorkers(1).maxTasksPerChild(1).name("recycled-processes"), output)) {
        pool.submit(() -> 1).get(Await.LIMIT_S, TimeUnit.SECONDS);
        pool.submit(() -> 2).get(Await.LIMIT_S, TimeUnit.SECONDS);
      }
      recording.stop();
      recording.dump(file);
    }
    assertThat(RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("dev.concurrency.processes.WorkerDied"))
            .filter(e -> "recycled-processes".equals(e.getString("pool"))))
        .extracting(e -> e.getString("cause"), e -> e.getInt("tasksRun"))
        .containsExactly(
            tuple("maxtasksperchild", 1),
            tuple("maxtasksperchild", 1));
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String type) {
    return events.stream().filter(e -> e.getEventType().getName().equals("dev.concurrency.processes." + type)).toList();
  }
}
