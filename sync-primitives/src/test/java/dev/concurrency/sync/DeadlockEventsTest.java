package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The deadlock detector's JFR events, recorded with the jdk.jfr API and read back from the file. */
@Timeout(60)
final class DeadlockEventsTest {

  @TempDir Path dir;

  private List<RecordedEvent> record(Runnable run) throws Exception {
    Path file = dir.resolve("locks.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("dev.concurrency.sync.PotentialDeadlock");
      recording.enable("dev.concurrency.sync.Deadlock");
      recording.start();
      run.run();
      recording.stop();
      recording.dump(file);
    }
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.concurrency.sync."))
        .toList();
  }

  @Test
  void potentialDeadlock_isRecordedWithItsCycleAndPolicy_evenWhenOnlyWarned() throws Exception {
    DeadlockDetector detector =
        DeadlockDetector.builder().policy(DeadlockPolicy.WARN).warnings(problem -> {}).build();
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");

    List<RecordedEvent> events =
        record(
            () -> {
              a.lock();
              b.lock();
              b.unlock();
              a.unlock();
              b.lock();
              a.lock(); // warned, then taken
              a.unlock();
              b.unlock();
            });

    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.getEventType().getName()).isEqualTo("dev.concurrency.sync.PotentialDeadlock");
      assertThat(event.getString("cycle")).contains("'b' -> 'a' -> 'b'");
      assertThat(event.getString("policy")).isEqualTo("WARN");
      assertThat(event.getStackTrace().getFrames())
          .anyMatch(frame -> frame.getMethod().getType().getName().equals(DeadlockEventsTest.class.getName()));
    });
  }

  @Test
  void actualDeadlock_isRecordedWithTheWaitingCycle() throws Exception {
    DeadlockDetector detector = DeadlockDetector.create(DeadlockPolicy.THROW);
    OwnerlessLock lock = detector.newOwnerlessLock("self");

    List<RecordedEvent> events =
        record(
            () -> {
              lock.lock();
              assertThatThrownBy(lock::lock).isInstanceOf(DeadlockException.class);
              lock.unlock();
            });

    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.getEventType().getName()).isEqualTo("dev.concurrency.sync.Deadlock");
      assertThat(event.getString("cycle")).contains("waits for 'self' held by thread");
    });
  }
}
