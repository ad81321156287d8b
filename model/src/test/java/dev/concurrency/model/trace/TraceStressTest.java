package dev.concurrency.model.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads recording and one thread taking snapshots at the same time: no span is lost, every snapshot is
 * sorted, and snapshots only grow. Run with {@code mvn -B -o -pl model -am verify -Pstress}.
 */
@Tag("stress")
final class TraceStressTest {

  @Test
  @Timeout(120)
  void recordAndSnapshotConcurrently_nothingLostSnapshotsSortedAndGrowing() throws Exception {
    int writers = 4;
    int perWriter = 100_000;
    Trace trace = Trace.start();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch writersDone = new CountDownLatch(writers);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String lane = "w" + w;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          for (int i = 0; i < perWriter; i++) {
            trace.open(lane, "s").close();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          writersDone.countDown();
        }
      }));
    }
    threads.add(Thread.ofPlatform().start(() -> {
      try {
        start.await();
        int last = 0;
        while (writersDone.getCount() > 0) {
          List<Span> snapshot = trace.spans();
          assertThat(snapshot.size()).isGreaterThanOrEqualTo(last);
          for (int i = 1; i < snapshot.size(); i++) {
            assertThat(snapshot.get(i).startNanos()).isGreaterThanOrEqualTo(snapshot.get(i - 1).startNanos());
          }
          last = snapshot.size();
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }));
    start.countDown();
    assertThat(writersDone.await(100, TimeUnit.SECONDS)).isTrue();
    for (Thread t : threads) {
      t.join();
    }

    assertThat(failure.get()).isNull();
    assertThat(trace.spans()).hasSize(writers * perWriter);
  }
}
