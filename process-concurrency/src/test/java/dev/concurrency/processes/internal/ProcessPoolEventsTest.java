package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.processes.ProcessPoolMXBean;
import dev.concurrency.processes.SerializableBiFunction;
import dev.concurrency.processes.SerializableCallable;
import dev.concurrency.processes.SerializableFunction;
import dev.concurrency.processes.TransferLimits;
import java.io.PrintStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces behind a pool's MXBean and events, without a worker: task names, the event hooks with and without a
 * recording, and the registration's rules (a taken name gets an id, a close unregisters).
 */
@Timeout(60)
final class ProcessPoolEventsTest {

  /** An engine that never starts a worker (no task is submitted), for making jobs. */
  private final PoolCore core = new PoolCore(new PoolConfig(
      1, 0, null, false, null, false,
      new JvmCommand(Path.of("no-java"), "", List.of(), List.of(), JvmCommand.Mode.WORKER, null),
      Codec.allowing(List.of(), TransferLimits.DEFAULT), new PrintStream(PrintStream.nullOutputStream()), "events",
      false));
  private long ids;

  @AfterEach
  void stop() throws InterruptedException {
    core.shutdown();
    assertThat(core.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private Job job(Object task) {
    return new Job(++ids, new byte[0], task, Function.identity(), core);
  }

  static int square(Integer x) {
    return x * x;
  }

  static int add(Integer x, Integer y) {
    return x + y;
  }

  static String answer() {
    return "42";
  }

  /** A task whose {@code toString} is long. */
  record Wordy(String text) implements Serializable {}

  /** A task whose {@code toString} throws. */
  static final class Rude implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      throw new IllegalStateException("no words");
    }
  }

  @Test
  void taskNames_sayWhatRunsInAFewWords() {
    SerializableCallable<String> byName = ProcessPoolEventsTest::answer;
    SerializableFunction<Integer, Integer> square = ProcessPoolEventsTest::square;
    SerializableBiFunction<Integer, Integer, Integer> add = ProcessPoolEventsTest::add;
    int captured = 7;
    SerializableCallable<Integer> capturing = () -> captured;

    assertThat(TaskNames.of(job(byName))).isEqualTo("task #1: ProcessPoolEventsTest::answer");
    assertThat(TaskNames.of(job(ChunkTask.of(square, List.of(1, 2, 3)))))
        .isEqualTo("task #2: map chunk of 3 items: ProcessPoolEventsTest::square");
    assertThat(TaskNames.of(job(BiChunkTask.of(add, List.of(1, 2), List.of(3, 4)))))
        .isEqualTo("task #3: map chunk of 2 pairs: ProcessPoolEventsTest::add");
    assertThat(TaskNames.of(job(capturing))).isEqualTo("task #4: ProcessPoolEventsTest$$Lambda");
    assertThat(TaskNames.what(new Wordy("x".repeat(500))))
        .hasSize(TaskNames.MAX_WHAT + 3).startsWith("Wordy[text=xxx").endsWith("...");
    assertThat(TaskNames.what(new Wordy("short"))).isEqualTo("Wordy[text=short]");
    assertThat(TaskNames.what(new Rude())).isEqualTo(Rude.class.getName());
  }

  @Test
  void aDoneJob_isNamedByItsIdAlone() {
    Job done = job(new Wordy("done"));
    done.future.complete("finished");

    assertThat(TaskNames.of(done)).isEqualTo("task #1");
  }

  @Test
  void noRecording_aDispatchedJobKeepsNoEvent() {
    Job job = job(new Wordy("unrecorded"));

    ProcessPoolEvents.dispatched("events", job, 1234);

    assertThat(job.event).isNull();
    ProcessPoolEvents.left(job, ProcessPoolEvents.RESULT); // nothing open: nothing to do
    assertThat(job.event).isNull();
  }

  @Test
  void recording_aDispatchedJobKeepsItsEventUntilItLeaves(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("task.jfr");
    Job job = job(new Wordy("recorded"));
    try (Recording recording = new Recording()) {
      recording.enable("dev.concurrency.processes.PoolTask").withThreshold(Duration.ZERO);
      recording.start();
      ProcessPoolEvents.dispatched("events", job, 1234);
      assertThat(job.event).isNotNull();
      ProcessPoolEvents.failed(job, new IllegalStateException("on purpose"));
      assertThat(job.event).isNull();
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> tasks = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals("dev.concurrency.processes.PoolTask"))
        .filter(e -> "events".equals(e.getString("pool")))
        .toList();
    assertThat(tasks).singleElement().satisfies(e -> {
      assertThat(e.getLong("workerPid")).isEqualTo(1234);
      assertThat(e.getString("task")).isEqualTo("task #1: Wordy[text=recorded]");
      assertThat(e.getString("outcome")).isEqualTo(IllegalStateException.class.getName());
    });
  }

  @Test
  void registration_aTakenNameGetsAnId_andEveryCloseUnregisters() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    String pool = "twice \"quoted\", named";
    ObjectName name = JmxRegistration.poolName(pool);
    String delay = System.getProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY);
    System.setProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, "0");
    JmxRegistration first;
    JmxRegistration second;
    JmxRegistration closedAtOnce;
    try {
      closedAtOnce = JmxRegistration.later(pool, new PoolView(core));
      closedAtOnce.close(); // before or just after its turn: either way it ends unregistered
      first = JmxRegistration.later(pool, new PoolView(core));
      second = JmxRegistration.later(pool, new PoolView(core));
    } finally {
      if (delay == null) {
        System.clearProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY);
      } else {
        System.setProperty(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, delay);
      }
    }
    ObjectName all = new ObjectName(name.getCanonicalName() + ",*");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.queryNames(all, null).size() < 2) {
      assertThat(System.nanoTime()).as("both registered within 30 s").isLessThan(deadline);
      Thread.onSpinWait();
    }

    assertThat(server.queryNames(all, null)).hasSize(2).contains(name)
        .anySatisfy(n -> assertThat(n.getKeyProperty("id")).isNotNull());
    assertThat(server.getAttribute(name, "Name")).isEqualTo("events");

    first.close();
    second.close();
    closedAtOnce.close(); // idempotent
    assertThat(server.queryNames(all, null)).isEmpty();
  }
}
