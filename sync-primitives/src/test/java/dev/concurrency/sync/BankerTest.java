package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The textbook example (Silberschatz, Operating System Concepts: 5 processes, 3 resources). */
@Timeout(30)
final class BankerTest {

  private final Banker bank = Banker.create(10, 5, 7);
  private final Banker.Client p0 = bank.register("P0", 7, 5, 3);
  private final Banker.Client p1 = bank.register("P1", 3, 2, 2);
  private final Banker.Client p2 = bank.register("P2", 9, 0, 2);
  private final Banker.Client p3 = bank.register("P3", 2, 2, 2);
  private final Banker.Client p4 = bank.register("P4", 4, 3, 3);

  private void textbookAllocation() throws InterruptedException {
    p0.request(0, 1, 0);
    p1.request(2, 0, 0);
    p2.request(3, 0, 2);
    p3.request(2, 1, 1);
    p4.request(0, 0, 2);
  }

  @Test
  void request_leavingASafeState_isGranted() throws Exception {
    textbookAllocation();

    assertThat(p1.tryRequest(Duration.ZERO, 1, 0, 2)).isTrue();

    assertThat(p1.held()).containsExactly(3, 0, 2);
    assertThat(bank.available()).containsExactly(2, 3, 0);
  }

  @Test
  void request_leavingAnUnsafeState_waitsAndGrantsNothing() throws Exception {
    textbookAllocation();
    assertThat(p1.tryRequest(Duration.ZERO, 1, 0, 2)).isTrue();

    // Available (2,3,0) covers P0's (0,2,0), but granting it leaves no order in which all can finish.
    assertThat(p0.tryRequest(TestThreads.SHORT, 0, 2, 0)).isFalse();

    assertThat(p0.held()).containsExactly(0, 1, 0);
    assertThat(bank.available()).containsExactly(2, 3, 0);
  }

  @Test
  void request_waiting_isGrantedOnceReleasesMakeItSafe() throws Exception {
    textbookAllocation();
    assertThat(p1.tryRequest(Duration.ZERO, 1, 0, 2)).isTrue();
    try (TestThreads threads = new TestThreads()) {
      Thread waiter = threads.start("P0", () -> p0.request(0, 2, 0));
      TestThreads.awaitBlocked(waiter);
      p1.release(3, 0, 2);
      p3.release(2, 1, 1);
    }
    assertThat(p0.held()).containsExactly(0, 3, 0);
  }

  @Test
  void badRequests_areRejectedWithTheReason() throws Exception {
    assertThatThrownBy(() -> p3.request(3, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past its declared maximum");
    assertThatThrownBy(() -> p3.request(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 3 resource amounts");
    assertThatThrownBy(() -> p3.release(1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 0");
    assertThatThrownBy(() -> bank.register("greedy", 11, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 10 exist");
    assertThatThrownBy(() -> Banker.create(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(p3).hasToString("client 'P3'");
  }
}
