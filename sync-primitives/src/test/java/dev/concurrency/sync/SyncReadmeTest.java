package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the sync-primitives README shows ({@code <!-- snippet: ...#deadlocks -->}; the README check keeps the
 * two equal), run, with what its comments claim checked after it.
 */
@Timeout(60)
final class SyncReadmeTest {

  @Test
  @SuppressWarnings("try") // the lock sets are held for their scope only, as the README shows
  void deadlocks_preventionAvoidanceDetection_asTheCommentsSay() throws Exception {
    List<String> order = new ArrayList<>();
    Mutex left = Mutex.create();
    Mutex right = Mutex.create();
    // @start region="deadlocks"
    // Prevention: ranks. Taking against the order throws at once, naming both locks.
    LockOrdering ordering = LockOrdering.create();
    Mutex accounts = ordering.newMutex("accounts", 10);
    Mutex audit = ordering.newMutex("audit", 20);
    try (LockSet held = ordering.acquireAll(audit, accounts)) {      // taken as accounts, then audit
      order.add("both ranks held");
    }

    // Avoidance: all or nothing, random back-off, a deadline.
    try (LockSet held = Backoff.create().acquireAll(Duration.ofSeconds(1), left, right)) {
      order.add("both forks held");
    }

    // Detection: lock-order cycles (before any thread blocks) and real deadlocks (one victim, no hang).
    DeadlockDetector detector = DeadlockDetector.builder().policy(DeadlockPolicy.THROW).build();
    Mutex a = detector.newMutex("a");
    Mutex b = detector.newMutex("b");
    // @end

    assertThat(order).containsExactly("both ranks held", "both forks held");
    assertThat(accounts.isHeldByCurrentThread() || audit.isHeldByCurrentThread()).isFalse();
    audit.lock();
    try {
      assertThatThrownBy(accounts::lock).isInstanceOf(LockOrderException.class).hasMessageContaining("accounts")
          .hasMessageContaining("audit");
    } finally {
      audit.unlock();
    }
    a.lock();
    b.lock(); // records the order a, then b
    b.unlock();
    a.unlock();
    b.lock();
    try {
      assertThatThrownBy(a::lock).isInstanceOf(PotentialDeadlockException.class); // b, then a: a cycle
    } finally {
      b.unlock();
    }
  }
}
