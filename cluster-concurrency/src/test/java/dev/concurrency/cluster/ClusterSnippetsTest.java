package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code shown in the Javadoc of {@code dev.concurrency.cluster} ({@code {@snippet class=... region=...}}), run
 * on the shared three-member cluster (or, for {@link ClusterMember}'s, on two members of its own), with what its
 * comments claim checked after each region.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class ClusterSnippetsTest {

  private final TestCluster cluster = TestCluster.shared();
  private final ClusterMember member = cluster.first();
  private final List<Integer> items = IntStream.range(0, 30).boxed().toList();

  static int work(int x) {
    return x + 1;
  }

  @Test
  void pool_submitMapAndCounts() throws Exception {
    Future<Integer> answer;
    List<Integer> squares;
    Map<MemberInfo, Long> counts;
    // @start region="pool"
    try (ClusterPool pool = ClusterPool.on(member)) {             // an embedded member, or a client
      answer = pool.submit(() -> 6 * 7);                          // 42, on the next member in turn
      squares = pool.map(x -> x * x, List.of(1, 2, 3), 2);        // [1, 4, 9]
      counts = pool.workLog().countsByMember();                   // which member ran how many tasks
    }
    // @end
    assertThat(answer.get()).isEqualTo(42);
    assertThat(squares).containsExactly(1, 4, 9);
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(2);
  }

  @Test
  @SuppressWarnings("try") // the second member is used only to be closed, as the documented code shows
  void member_secondJoinsTheFirst() {
    List<Integer> squares;
    ClusterMember.Builder builder =
        ClusterMember.builder().clusterName("snippet-" + UUID.randomUUID()).joinWait(Duration.ZERO);
    // @start region="member"
    try (ClusterMember first = builder.name("snippet-1").allow("dev.concurrency.cluster.*").start();
         ClusterMember second = builder.name("snippet-2").join(first.address()).start();
         ClusterPool pool = ClusterPool.on(first)) {
      squares = pool.map(x -> x * x, List.of(1, 2, 3), 1);        // [1, 4, 9], on both members
    }
    // @end
    assertThat(squares).containsExactly(1, 4, 9);
  }

  @Test
  void placement_theThreeKinds() throws Exception {
    MemberInfo chosen = cluster.members.get(1).info();
    SerializableCallable<String> task = () -> "done";
    try (ClusterPool pool = ClusterPool.on(member)) {
      // @start region="placement"
      pool.submit(task);                                          // round-robin over the members
      pool.submit(task, Placement.byKey("customer-42"));          // where customer-42's partition lives
      pool.submit(task, Placement.onMember(chosen));              // on that member
      // @end
      assertThat(pool.submit(task, Placement.onMember(chosen)).get(1, TimeUnit.MINUTES)).isEqualTo("done");
    }
  }

  @Test
  void remoteException_namesTypeAndMember() {
    try (ClusterPool pool = ClusterPool.on(member)) {
      assertThatThrownBy(
              () -> {
                // @start region="remote"
                try {
                  pool.submit(() -> { throw new IllegalStateException("boom"); }).get();
                } catch (ExecutionException e) {
                  RemoteException remote = (RemoteException) e.getCause();
                  remote.remoteType();                            // "java.lang.IllegalStateException"
                  remote.member();                                // where it ran
                  throw remote;
                }
                // @end
              })
          .isInstanceOfSatisfying(
              RemoteException.class,
              remote -> {
                assertThat(remote.remoteType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(cluster.first().members()).contains(remote.member());
              });
    }
  }

  @Test
  void taskLost_notThrownWhenNoMemberLeaves() {
    List<Integer> results = List.of();
    try (ClusterPool pool = ClusterPool.on(member)) {
      // @start region="lost"
      try {
        results = pool.map(ClusterSnippetsTest::work, items, 10);
      } catch (TaskLostException e) {
        e.member();                  // the member that left, such as "member-3 (127.0.0.1:5703)"
      }
      // @end
    }
    assertThat(results).hasSize(30).startsWith(1, 2, 3);
  }

  @Test
  void workLog_countsAndSummary() {
    String summary;
    Map<MemberInfo, Long> counts;
    try (ClusterPool pool = ClusterPool.on(member)) {
      // @start region="worklog"
      pool.map(ClusterSnippetsTest::work, items, 10);
      counts = pool.workLog().countsByMember();   // {member-1=1, member-2=1, member-3=1}: three chunks, in turn
      summary = pool.workLog().summary();         // a table: tasks and busy time per member
      // @end
    }
    assertThat(counts).hasSize(3).allSatisfy((who, tasks) -> assertThat(tasks).isEqualTo(1L));
    assertThat(summary).contains("member-1", "member-2", "member-3");
  }

  @Test
  void client_mapsOnTheMembers() {
    String clusterName = cluster.clusterName;
    String address = member.address();
    List<Integer> results;
    // @start region="client"
    try (ClusterClient client = ClusterClient.builder().clusterName(clusterName).address(address)
             .allow("dev.concurrency.cluster.*").connectTimeout(Duration.ofMinutes(1)).connect();
         ClusterPool pool = ClusterPool.on(client)) {               // the members run every task
      results = pool.map(ClusterSnippetsTest::work, items, 10);
    }
    // @end
    assertThat(results).hasSize(30).endsWith(30);
  }
}
