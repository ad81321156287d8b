package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A thread pool seen from outside: its MXBean (registered, read, unregistered) and its JFR events. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class ThreadPoolObservabilityTest {

  private static String delayBefore;

  @BeforeAll
  static void registerAtOnce() {
    delayBefore = System.getProperty(ThreadPoolMXBean.REGISTRATION_DELAY_PROPERTY);
    System.setProperty(ThreadPoolMXBean.REGISTRATION_DELAY_PROPERTY, "0");
  }

  @AfterAll
  static void restoreDelay() {
    if (delayBefore == null) {
      System.clearProperty(ThreadPoolMXBean.REGISTRATION_DELAY_PROPERTY);
    } else {
      System.setProperty(ThreadPoolMXBean.REGISTRATION_DELAY_PROPERTY, delayBefore);
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  @Test
  void runningPool_isRegistered_showsItsWorkersAndQueue_andGoesAwayWhenTerminated() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName("dev.concurrency.threads:type=ThreadPool,name=\"observed-pool\"");
    ThreadPool pool = ThreadPool.builder().workers(1).name("observed-pool").build();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try {
      pool.submit(() -> {
        started.countDown();
        return release.await(30, TimeUnit.SECONDS);
      });
      pool.submit(() -> "queued");
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      awaitTrue("the pool's MXBean is registered", () -> server.isRegistered(name));

      ThreadPoolMXBean bean = JMX.newMXBeanProxy(server, name, ThreadPoolMXBean.class);
      awaitTrue("the worker waits inside its task", () -> bean.getSnapshot().workers().stream()
          .anyMatch(w -> w.state().equals("waiting") || w.state().equals("timed_waiting")));
      ThreadPoolMXBean.Snapshot snapshot = bean.getSnapshot();
      assertThat(snapshot.pool()).isEqualTo("observed-pool");
      assertThat(snapshot.shutdown()).isFalse();
      assertThat(snapshot.workerCount()).isEqualTo(1);
      assertThat(snapshot.queueLength()).isEqualTo(1);
      assertThat(bean.getQueueLength()).isEqualTo(1);
      assertThat(snapshot.workers()).singleElement().satisfies(w -> {
        assertThat(w.name()).startsWith("observed-pool-worker-");
        assertThat(w.task()).isNotEmpty();
      });
    } finally {
      release.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    awaitTrue("the MXBean is unregistered once the pool has terminated", () -> !server.isRegistered(name));
  }

  @Test
  void registrationOff_registersNothing() throws Exception {
    System.setProperty("dev.concurrency.jmx", "false");
    ThreadPool pool;
    try {
      pool = ThreadPool.builder().workers(1).name("unobserved-pool").build();
    } finally {
      System.clearProperty("dev.concurrency.jmx");
    }
    // a pool registered with delay 0 shows up at once; wait for a later pool to be registered, then look
    ThreadPool marker = ThreadPool.builder().workers(1).name("marker-pool").build();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      awaitTrue("the marker pool is registered",
          () -> server.isRegistered(quoted("marker-pool")));
      assertThat(server.isRegistered(quoted("unobserved-pool"))).isFalse();
    } finally {
      pool.shutdown();
      marker.shutdown();
    }
  }

  private static ObjectName quoted(String pool) {
    try {
      return new ObjectName("dev.concurrency.threads:type=ThreadPool,name=" + ObjectName.quote(pool));
    } catch (javax.management.MalformedObjectNameException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void jfrEvents_queuedRunWithTheirOutcome_workersStartedAndDied(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pool.jfr");
    try (Recording recording = new Recording()) {
      for (String event : List.of("TaskQueued", "PoolTask", "WorkerStarted", "WorkerDied")) {
        recording.enable("dev.concurrency.threads." + event).withThreshold(Duration.ZERO);
      }
      recording.start();
      ThreadPool pool = ThreadPool.builder().workers(2).name("recorded-pool").build();
      pool.submit(() -> "fine").get(30, TimeUnit.SECONDS);
      var failing = pool.submit(() -> {
        throw new IllegalArgumentException("on purpose");
      });
      assertThat(failing).failsWithin(Duration.ofSeconds(30));
      terminate(pool);
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = poolEvents(file, "recorded-pool");

    assertThat(named(events, "TaskQueued")).hasSize(2);
    assertThat(named(events, "PoolTask")).extracting(e -> e.getString("outcome"))
        .containsExactlyInAnyOrder("result", IllegalArgumentException.class.getName());
    assertThat(named(events, "WorkerStarted")).hasSize(2);
    assertThat(named(events, "WorkerDied")).hasSize(2).allSatisfy(e -> assertThat(e.getString("cause")).isEqualTo("exit"));
  }

  @Test
  void defaultSettings_recordTheWorkers_notEachTask(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("default.jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
      recording.start();
      ThreadPool pool = ThreadPool.builder().workers(1).name("default-settings-pool").build();
      pool.submit(() -> "fine").get(30, TimeUnit.SECONDS);
      terminate(pool);
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = poolEvents(file, "default-settings-pool");

    // one event per task would weigh on a continuous production recording: those are asked for by name
    assertThat(events).extracting(e -> e.getEventType().getName())
        .containsExactlyInAnyOrder("dev.concurrency.threads.WorkerStarted", "dev.concurrency.threads.WorkerDied");
  }

  private static void terminate(ThreadPool pool) throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  /** The pool's events in the recording, in the order they began. */
  private static List<RecordedEvent> poolEvents(Path file, String pool) throws IOException {
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.concurrency.threads."))
        .filter(e -> pool.equals(e.getString("pool")))
        .sorted(Comparator.comparing(RecordedEvent::getStartTime))
        .toList();
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String type) {
    return events.stream().filter(e -> e.getEventType().getName().equals("dev.concurrency.threads." + type)).toList();
  }
}
