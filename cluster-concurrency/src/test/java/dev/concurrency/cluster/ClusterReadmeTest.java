package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's tour, run on the shared three-member cluster: what its comments say is what happens. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class ClusterReadmeTest {

  @Test
  void tour_submitMapPlacementAndWorkLog_doWhatTheCommentsSay() throws Exception {
    ClusterMember member = TestCluster.shared().first();
    MemberInfo third = TestCluster.shared().members.get(2).info();
    // @start region="tour"
    // concurrent.futures.Executor and multiprocessing.Pool, on the cluster the member belongs to
    Future<Integer> answer;
    List<Integer> squares;
    ClusterFuture<String> near;
    ClusterFuture<String> there;
    WorkLog log;
    try (ClusterPool pool = ClusterPool.on(member)) {
      answer = pool.submit(() -> 6 * 7);                                   // 42, on the next member in turn
      squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6), 2);        // [1, 4, ..., 36], in input order
      near = pool.submit(() -> "near the data", Placement.byKey("customer-42")); // where its partition lives
      there = pool.submit(() -> "there", Placement.onMember(third));      // on that member
      log = pool.workLog();
    } // close(): waits for the tasks; the members stay up
    Map<MemberInfo, Long> counts = log.countsByMember();                   // which member ran how many tasks

    // at-least-once: a task whose member dies runs again on the member that held its backup
    try (ClusterPool retrying = ClusterPool.builder(member).delivery(Delivery.AT_LEAST_ONCE).build()) {
      retrying.map(x -> x + 1, List.of(1, 2, 3), 1);                       // [2, 3, 4]
    }
    // @end
    assertThat(answer.get(1, TimeUnit.MINUTES)).isEqualTo(42);
    assertThat(squares).containsExactly(1, 4, 9, 16, 25, 36);
    assertThat(near.get(1, TimeUnit.MINUTES)).isEqualTo("near the data");
    assertThat(there.ranOn()).contains(third);
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
  }
}
