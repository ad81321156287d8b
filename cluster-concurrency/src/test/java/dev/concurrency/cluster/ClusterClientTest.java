package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.cluster.forbidden.Parcel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client connection to the shared three-member cluster: the members run everything, the client nothing. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class ClusterClientTest {

  private static ClusterClient.Builder client(TestCluster cluster) {
    return ClusterClient.builder()
        .clusterName(cluster.clusterName)
        .address(cluster.first().address())
        .allow("dev.concurrency.cluster.*");
  }

  @Test
  void client_mapsOnTheMembers_resultsInOrder() throws Exception {
    TestCluster cluster = TestCluster.shared();
    ClusterClient.Builder builder =
        client(cluster)
            .name("test-client")
            .property("hazelcast.client.statistics.enabled", "false")
            .configure(config -> assertThat(config.getNetworkConfig().isRedoOperation()).as("redoOperation").isFalse());
    try (ClusterClient client = builder.connect();
        ClusterPool pool = ClusterPool.on(client)) {
      assertThat(client.clusterName()).isEqualTo(cluster.clusterName);
      assertThat(client.awaitMembers(3, Duration.ofMinutes(1))).isTrue();
      assertThat(client.members()).containsExactlyElementsOf(cluster.first().members());
      assertThat(client.toString()).contains(cluster.clusterName);

      List<Integer> squares = pool.map(x -> x * x, IntStream.range(0, 40).boxed().toList(), 4);

      assertThat(squares).isEqualTo(IntStream.range(0, 40).map(x -> x * x).boxed().toList());
      Set<UUID> members = cluster.first().members().stream().map(MemberInfo::uuid).collect(Collectors.toSet());
      assertThat(pool.workLog().runs()).hasSize(10).allMatch(run -> members.contains(run.ranOn().uuid()));
      assertThat(pool.workLog().countsByMember()).hasSize(3);
      assertThat(pool.submit(() -> "by key", Placement.byKey("k")).get(60, TimeUnit.SECONDS)).isEqualTo("by key");
    }
  }

  @Test
  void client_atLeastOnce_runsToo() {
    TestCluster cluster = TestCluster.shared();
    try (ClusterClient client = client(cluster).connect();
        ClusterPool pool = ClusterPool.builder(client).delivery(Delivery.AT_LEAST_ONCE).build()) {
      assertThat(pool.map(x -> x + 1, List.of(1, 2, 3, 4, 5, 6), 2)).containsExactly(2, 3, 4, 5, 6, 7);
    }
  }

  @Test
  void client_resultClassNotOnItsAllowlist_refused() {
    TestCluster cluster = TestCluster.shared();
    try (ClusterClient client = client(cluster).connect();
        ClusterPool pool = ClusterPool.on(client)) {
      assertThatThrownBy(() -> pool.submit(() -> new Parcel("contraband")).get(60, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(ClassNotAllowedException.class)
          .hasMessageContaining("ClusterClient.Builder.allow");
    }
  }

  @Test
  void connect_nothingListening_failsWithinTheTimeoutNamingTheAddress() {
    assertThatThrownBy(
            () -> ClusterClient.builder().address("127.0.0.1:1").connectTimeout(Duration.ofSeconds(2)).connect())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void builder_refusesBadSettings() {
    assertThatThrownBy(() -> ClusterClient.builder().connect())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one member address");
    assertThatThrownBy(() -> ClusterClient.builder().address("nowhere")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterClient.builder().connectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterClient.builder().allow("a/b.C")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterClient.builder().clusterName(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterClient.builder().name("")).isInstanceOf(IllegalArgumentException.class);
  }
}
