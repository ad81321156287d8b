package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Banker's algorithm on the textbook's examples (Silberschatz, Galvin and Gagne, <i>Operating System
 * Concepts</i>: five processes, three resources), live ({@link Banker}) and as snapshots
 * ({@link AllocationState}): safe and unsafe states, the safe sequence, which requests can be granted, and the
 * detection algorithm's exercise.
 */
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

  // Scenario "Banker's safe state": the textbook's snapshot is safe; the sequence found scans from the top
  @Test
  void textbookState_isSafe_withTheFirstPossibleClientFirst() throws Exception {
    textbookAllocation();

    assertThat(bank.isSafe()).isTrue();
    assertThat(bank.safeSequence()).hasValueSatisfying(order -> assertThat(order).containsExactly(p1, p3, p0, p2, p4));
    assertThat(bank.available()).containsExactly(3, 3, 2);
    AllocationState state = bank.snapshot();
    assertThat(state.need("P0")).containsExactly(7, 4, 3);
    assertThat(state.need("P4")).containsExactly(4, 3, 1);
  }

  // Scenario "Banker's request granted": P1's (1, 0, 2) leaves a safe state, so it is granted
  @Test
  void request_leavingASafeState_isGranted() throws Exception {
    textbookAllocation();
    assertThat(p1.canGrant(1, 0, 2)).isTrue();

    assertThat(p1.tryRequest(Duration.ZERO, 1, 0, 2)).isTrue();

    assertThat(p1.held()).containsExactly(3, 0, 2);
    assertThat(bank.available()).containsExactly(2, 3, 0);
    assertThat(bank.safeSequence()).isPresent();
  }

  // Scenario "Banker's request refused": after that, P4's (3, 3, 0) is not available and P0's (0, 2, 0) is
  // available but would leave an unsafe state; asking does not grant
  @Test
  void request_leavingAnUnsafeState_waitsAndGrantsNothing() throws Exception {
    textbookAllocation();
    assertThat(p1.tryRequest(Duration.ZERO, 1, 0, 2)).isTrue();

    assertThat(p4.canGrant(3, 3, 0)).isFalse();
    assertThat(p0.canGrant(0, 2, 0)).isFalse();
    assertThat(p0.tryRequest(TestThreads.SHORT, 0, 2, 0)).isFalse();

    assertThat(p0.held()).containsExactly(0, 1, 0);
    assertThat(bank.available()).containsExactly(2, 3, 0);
    assertThat(bank.isSafe()).isTrue();
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

  // Scenario "unsafe is not deadlocked" (the textbook's twelve tape drives): P0 holds 5 of 10, P1 2 of 4, P2 2
  // of 9, 3 free: safe by <P1, P0, P2>. Granting P2 one more leaves an unsafe state, though nobody is blocked
  @Test
  void tapeDrives_oneMoreForP2_wouldBeUnsafe() {
    AllocationState state =
        AllocationState.builder(3)
            .client("P0", new int[] {10}, new int[] {5})
            .client("P1", new int[] {4}, new int[] {2})
            .client("P2", new int[] {9}, new int[] {2})
            .build();
    assertThat(state.safeSequence()).hasValue(List.of("P1", "P0", "P2"));
    assertThat(state.canGrant("P2", 1)).isFalse();
    AllocationState unsafe = state.afterGranting("P2", 1);
    assertThat(unsafe.isSafe()).isFalse();
    assertThat(unsafe.safeSequence()).isEmpty();
    assertThat(unsafe.cannotFinish()).containsExactly("P0", "P2");
    assertThat(unsafe.available()).containsExactly(2);
  }

  // Scenario "Banker's exercise with four resources" (a textbook exercise's numbers): safe; P1's (1, 1, 0, 0)
  // can be granted, P4's (0, 0, 2, 0) cannot
  @Test
  void fourResourceExercise_safe_P1Granted_P4Refused() {
    AllocationState state =
        AllocationState.builder(3, 3, 2, 1)
            .client("P0", new int[] {4, 2, 1, 2}, new int[] {2, 0, 0, 1})
            .client("P1", new int[] {5, 2, 5, 2}, new int[] {3, 1, 2, 1})
            .client("P2", new int[] {2, 3, 1, 6}, new int[] {2, 1, 0, 3})
            .client("P3", new int[] {1, 4, 2, 4}, new int[] {1, 3, 1, 2})
            .client("P4", new int[] {3, 6, 6, 5}, new int[] {1, 4, 3, 2})
            .build();
    assertThat(state.safeSequence()).hasValue(List.of("P0", "P3", "P1", "P2", "P4"));
    assertThat(state.canGrant("P1", 1, 1, 0, 0)).isTrue();
    assertThat(state.afterGranting("P1", 1, 1, 0, 0).safeSequence())
        .hasValue(List.of("P0", "P3", "P1", "P2", "P4"));
    assertThat(state.canGrant("P4", 0, 0, 2, 0)).isFalse();
    assertThat(state.afterGranting("P4", 0, 0, 2, 0).cannotFinish()).containsExactly("P0", "P1", "P2", "P3", "P4");
  }

  // Scenario "deadlock detection with several instances" (the textbook's detection algorithm example): with
  // Max = Allocation + Request, the state is not deadlocked; once P2 asks for one more C, P1..P4 are
  @Test
  void detectionExample_deadlockedOnceP2AsksForMore() {
    AllocationState.Builder detection = detection(new int[] {0, 0, 0});
    assertThat(detection.build().cannotFinish()).isEmpty();
    assertThat(detection.build().safeSequence()).hasValue(List.of("P0", "P2", "P1", "P3", "P4"));

    AllocationState deadlocked = detection(new int[] {0, 0, 1}).build();
    assertThat(deadlocked.cannotFinish()).containsExactly("P1", "P2", "P3", "P4");
    assertThat(deadlocked.isSafe()).isFalse();
  }

  private static AllocationState.Builder detection(int[] requestOfP2) {
    int[][] allocation = {{0, 1, 0}, {2, 0, 0}, {3, 0, 3}, {2, 1, 1}, {0, 0, 2}};
    int[][] request = {{0, 0, 0}, {2, 0, 2}, requestOfP2, {1, 0, 0}, {0, 0, 2}};
    AllocationState.Builder builder = AllocationState.builder(0, 0, 0);
    for (int p = 0; p < allocation.length; p++) {
      int[] maximum = new int[3];
      for (int r = 0; r < 3; r++) {
        maximum[r] = allocation[p][r] + request[p][r];
      }
      builder.client("P" + p, maximum, allocation[p]);
    }
    return builder;
  }

  @Test
  void snapshot_isAValue_detachedFromTheBanker() throws Exception {
    textbookAllocation();
    AllocationState before = bank.snapshot();
    p1.request(1, 0, 2);
    assertThat(bank.snapshot()).isNotEqualTo(before);
    assertThat(before.allocation("P1")).containsExactly(2, 0, 0);
    assertThat(before.afterGranting("P1", 1, 0, 2)).isEqualTo(bank.snapshot());
    assertThat(before.afterGranting("P1", 1, 0, 2).hashCode()).isEqualTo(bank.snapshot().hashCode());
    assertThat(before.maximum("P1")).containsExactly(3, 2, 2);
    assertThat(before.clients()).containsExactly("P0", "P1", "P2", "P3", "P4");
    assertThat(before.toString()).contains("P1: allocation [2, 0, 0], max [3, 2, 2], need [1, 2, 2]");
    int[] copy = before.available();
    copy[0] = 99;
    assertThat(before.available()).containsExactly(3, 3, 2);
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
    assertThatThrownBy(() -> p3.canGrant(3, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past the declared maximum");
    assertThatThrownBy(() -> bank.register("greedy", 11, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 10 exist");
    assertThatThrownBy(() -> bank.register("P0", 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> Banker.create(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(p3).hasToString("client 'P3'");
    assertThat(p3.name()).isEqualTo("P3");
  }

  @Test
  void badStates_areRejectedWithTheReason() {
    assertThatThrownBy(AllocationState::builder).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AllocationState.builder(-1)).isInstanceOf(IllegalArgumentException.class);
    AllocationState.Builder builder = AllocationState.builder(1).client("a", new int[] {2}, new int[] {1});
    assertThatThrownBy(() -> builder.client("a", new int[] {1}, new int[] {0}))
        .hasMessageContaining("already in the state");
    assertThatThrownBy(() -> builder.client("b", new int[] {1}, new int[] {2}))
        .hasMessageContaining("holds 2 of resource 0 with a maximum of 1");
    assertThatThrownBy(() -> builder.client("c", new int[] {1, 1}, new int[] {0, 0}))
        .hasMessageContaining("needs 1 amounts");
    AllocationState state = builder.build();
    assertThatThrownBy(() -> state.need("nobody")).hasMessageContaining("no client named 'nobody'");
    assertThatThrownBy(() -> state.afterGranting("a", 2)).hasMessageContaining("its need is 1");
    AllocationState none = AllocationState.builder(0).client("a", new int[] {1}, new int[] {0}).build();
    assertThatThrownBy(() -> none.afterGranting("a", 1)).hasMessageContaining("only 0 are available");
    assertThat(none.canGrant("a", 1)).isFalse();
    assertThat(Optional.of(state.safeSequence())).isPresent();
  }
}
