package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The loop's JFR events, recorded with the jdk.jfr API around a short run and read back from the file. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class TaskEventsTest {

  @TempDir Path dir;

  private List<RecordedEvent> record(Runnable run) throws Exception {
    Path file = dir.resolve("run.jfr");
    try (Recording recording = new Recording()) {
      for (String event : List.of("TaskCreated", "TaskStep", "TaskSuspended", "TaskDone", "SlowCallback", "BlockedLoop")) {
        recording.enable("dev.concurrency.async." + event).withThreshold(Duration.ZERO);
      }
      recording.start();
      run.run();
      recording.stop();
      recording.dump(file);
    }
    assertThat(Files.size(file)).isPositive();
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.concurrency.async."))
        .toList();
  }

  private static List<RecordedEvent> of(List<RecordedEvent> events, String type, String task) {
    return events.stream()
        .filter(e -> e.getEventType().getName().equals("dev.concurrency.async." + type))
        .filter(e -> task.equals(e.getString("taskName")))
        .sorted(Comparator.comparing(RecordedEvent::getStartTime)) // a file holds each thread's events in chunks
        .toList();
  }

  @Test
  void aTasksLife_createdStepsSuspensionsAndOutcome() throws Exception {
    List<RecordedEvent> events =
        record(
            () ->
                AsyncIO.run(
                    () -> {
                      AsyncTask<Void> sleeper = createTask(() -> sleep(Duration.ofMillis(1)), "sleeper");
                      AsyncTask<Void> failer =
                          createTask(
                              () -> {
                                throw new IllegalStateException("on purpose");
                              },
                              "failer");
                      AsyncTask<Void> cancelled = createTask(() -> sleep(Duration.ofHours(1)), "cancelled");
                      sleeper.await();
                      cancelled.cancel();
                      for (AsyncTask<Void> ending : List.of(failer, cancelled)) {
                        try {
                          ending.await();
                        } catch (IllegalStateException | CancelledError expected) {
                          // the outcomes the events must report
                        }
                      }
                    }));

    assertThat(of(events, "TaskCreated", "sleeper")).hasSize(1);
    List<RecordedEvent> steps = of(events, "TaskStep", "sleeper");
    // first step up to the sleep, second from the wake-up to the return
    assertThat(steps).hasSize(2);
    assertThat(steps.get(0).getBoolean("first")).isTrue();
    assertThat(steps.get(1).getBoolean("first")).isFalse();
    assertThat(steps.get(0).getLong("taskId")).isEqualTo(2);
    List<RecordedEvent> suspended = of(events, "TaskSuspended", "sleeper");
    assertThat(suspended).hasSize(1);
    assertThat(suspended.get(0).getDuration()).isPositive();
    // the main task awaited the sleeper: its suspension names it
    assertThat(of(events, "TaskSuspended", "main")).extracting(e -> e.getString("awaiting")).contains("Task 'sleeper'");
    assertThat(of(events, "TaskDone", "sleeper")).singleElement().extracting(e -> e.getString("outcome")).isEqualTo("result");
    assertThat(of(events, "TaskDone", "failer")).singleElement().extracting(e -> e.getString("outcome"))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(of(events, "TaskDone", "cancelled")).singleElement().extracting(e -> e.getString("outcome"))
        .isEqualTo("cancelled");
    // with the threshold at zero every step is also a slow-callback candidate
    assertThat(of(events, "SlowCallback", "sleeper")).isNotEmpty()
        .allSatisfy(e -> assertThat(e.getString("callback")).isEqualTo("a step of task 'sleeper'"));
  }

  @Test
  void blockedLoop_isRecordedWithTheStackOfTheStep() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    EventLoop.Builder loop =
        EventLoop.builder().blockedLoopLimit(Duration.ofMillis(50)).onBlocked(report -> reported.countDown());

    List<RecordedEvent> events =
        record(
            () ->
                AsyncIO.run(
                    loop,
                    () -> {
                      try {
                        // holds the loop without awaiting until the watchdog has seen it
                        assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();
                      } catch (InterruptedException e) {
                        throw new AssertionError(e);
                      }
                    }));

    RecordedEvent blocked =
        events.stream().filter(e -> e.getEventType().getName().endsWith(".BlockedLoop")).findFirst().orElseThrow();
    assertThat(blocked.getString("heldBy")).isEqualTo("task 'main'");
    assertThat(blocked.getDuration("blockedFor")).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(blocked.getString("stack")).contains("CountDownLatch.await").contains("TaskEventsTest");
  }

  @Test
  void noRecording_noEventsAndNoPerTaskState() {
    AsyncTask<?> quiet = runQuietTask();

    // nothing recorded: the hooks kept nothing for the task
    assertThat(quiet.jfr).isNull();
  }

  /** Runs a task that yields once on a loop of its own and returns it, done. */
  private static AsyncTask<?> runQuietTask() {
    AsyncTask<?>[] seen = new AsyncTask<?>[1];
    AsyncIO.run(
        () -> {
          seen[0] = createTask(() -> sleep(Duration.ZERO), "quiet");
          seen[0].await();
        });
    return seen[0];
  }

  @Test
  void defaultSettings_leaveThePerTaskEventsOff_slowCallbacksOn() throws Exception {
    Path file = dir.resolve("default.jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
      recording.start();
      // a continuous production recording must not pay for an event per task or step
      for (Class<? extends jdk.jfr.Event> perTask :
          List.of(TaskEvents.TaskCreated.class, TaskEvents.TaskStep.class, TaskEvents.TaskSuspended.class,
              TaskEvents.TaskDone.class)) {
        assertThat(EventType.getEventType(perTask).isEnabled()).as(perTask.getSimpleName()).isFalse();
      }
      assertThat(EventType.getEventType(TaskEvents.SlowCallback.class).isEnabled()).isTrue();
      assertThat(EventType.getEventType(TaskEvents.BlockedLoop.class).isEnabled()).isTrue();
      AsyncIO.run(() -> createTask(() -> sleep(Duration.ZERO), "quiet").await());
      recording.stop();
      recording.dump(file);
    }
    assertThat(RecordingFile.readAllEvents(file))
        .noneMatch(e -> e.getEventType().getName().startsWith("dev.concurrency.async.Task"));
  }

  @Test
  void noRecording_theHooksAllocateNothing() {
    AsyncTask<?> task = runQuietTask();
    Handle handle = new Handle(() -> {});
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      TaskEvents.created(task);
      TaskEvents.stepBegins(task);
      TaskEvents.suspends(task, null);
      TaskEvents.stepEnds(task);
      TaskEvents.callbackEnds(TaskEvents.callbackBegins(), handle);
      TaskEvents.done(task);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    // an event object per hook would be hundreds of kilobytes here, compiled or interpreted
    assertThat(allocated).isLessThan(16 * 1024);
  }
}
