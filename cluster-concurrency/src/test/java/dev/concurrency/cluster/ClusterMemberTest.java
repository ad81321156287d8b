package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One embedded member of its own: what its builder configures, what it refuses, and how it ends. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class ClusterMemberTest {

  private static ClusterMember.Builder lone() {
    return ClusterMember.builder().clusterName("lone-" + UUID.randomUUID()).joinWait(Duration.ZERO);
  }

  @Test
  @SuppressWarnings("removal") // reads the user code deployment switch, deprecated for removal by Hazelcast
  void start_configuresLoopbackTcpIpJoinAndNothingElse() {
    try (ClusterMember member =
        lone()
            .name("solo")
            .workers(3)
            .durableCapacity(7)
            .allow("com.example.Point", "com.example.shapes.*", "com.example.data.**", "com.example.Po*")
            .property("hazelcast.logging.type", "jdk")
            .configure(config -> config.setProperty("dev.concurrency.cluster.test", "seen"))
            .start()) {
      Config config = member.hazelcast().getConfig();
      JoinConfig join = config.getNetworkConfig().getJoin();

      assertThat(member.address()).startsWith("127.0.0.1:");
      assertThat(member.info().name()).isEqualTo("solo");
      assertThat(member.info().toString()).isEqualTo("solo (" + member.address() + ")");
      assertThat(member.members()).containsExactly(member.info());
      assertThat(member.toString()).contains("solo").contains(member.clusterName());
      assertThat(join.getMulticastConfig().isEnabled()).as("multicast").isFalse();
      assertThat(join.getAutoDetectionConfig().isEnabled()).as("cloud auto-detection").isFalse();
      assertThat(join.getTcpIpConfig().isEnabled()).as("TCP/IP join").isTrue();
      assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
      assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
      assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
      assertThat(config.getProperty("dev.concurrency.cluster.test")).isEqualTo("seen");
      assertThat(config.getUserCodeDeploymentConfig().isEnabled()).as("user code deployment").isFalse();
      assertThat(config.getExecutorConfig("dev.concurrency.cluster.x").getPoolSize()).isEqualTo(3);
      assertThat(config.getDurableExecutorConfig("dev.concurrency.cluster.x").getCapacity()).isEqualTo(7);
      var allowed = config.getSerializationConfig().getJavaSerializationFilterConfig().getWhitelist();
      assertThat(allowed.getClasses()).contains("com.example.Point", MemberInfo.class.getName());
      assertThat(allowed.getPackages()).containsExactly("com.example.shapes");
      assertThat(allowed.getPrefixes()).contains("com.example.data.", "com.example.Po", "dev.concurrency.cluster.internal.");
    }
  }

  @Test
  void awaitMembers_moreThanThere_falseAfterTheTimeout() throws Exception {
    try (ClusterMember member = lone().start()) {
      assertThat(member.awaitMembers(1, Duration.ZERO)).isTrue();
      assertThat(member.awaitMembers(2, Duration.ofMillis(200))).isFalse();
      assertThatThrownBy(() -> member.awaitMembers(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void twoMembers_secondJoinsTheFirstByItsAddress() throws Exception {
    try (ClusterMember first = lone().name("first").start()) {
      ClusterMember second = lone().clusterName(first.clusterName()).name("second").join(first.address()).start();
      assertThat(first.awaitMembers(2, Duration.ofMinutes(1))).isTrue();
      assertThat(first.members()).containsExactly(first.info(), second.info());

      second.close();
      second.close();

      assertThat(second.hazelcast().getLifecycleService().isRunning()).isFalse();
    }
  }

  @Test
  void start_portTaken_failsNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> lone().port(port).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  // CPython: _test_multiprocessing.py _TestPool.test_make_pool (workers 0 and -1 refused)
  @Test
  void builder_refusesBadSettings() {
    ClusterMember.Builder builder = ClusterMember.builder();
    assertThatThrownBy(() -> builder.port(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> builder.port(65_536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.workers(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
    assertThatThrownBy(() -> builder.workers(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
    assertThatThrownBy(() -> builder.durableCapacity(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.joinWait(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.host(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.property("", "x")).isInstanceOf(IllegalArgumentException.class);
    for (String address : List.of("127.0.0.1", ":5701", "host:", "host:0", "host:65536", "host:12a", "host:1234567")) {
      assertThatThrownBy(() -> builder.join(address))
          .as(address)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("host:port");
    }
    builder.join("127.0.0.1:5701", "[::1]:5702", "node-1.example.com:65535");
  }

  static final class Gate {
    static volatile CountDownLatch release;
  }

  record Blocker() implements SerializableCallable<String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String call() throws InterruptedException {
      Gate.release.await();
      return "released";
    }
  }

  @Test
  void atLeastOnce_partitionRingFull_refusedNamingDurableCapacity() throws Exception {
    Gate.release = new CountDownLatch(1);
    try (ClusterMember member = lone().durableCapacity(1).allow("dev.concurrency.cluster.*").start();
        ClusterPool pool = ClusterPool.builder(member).delivery(Delivery.AT_LEAST_ONCE).build()) {
      ClusterFuture<String> first = pool.submit(new Blocker(), Placement.byKey("same"));

      assertThatThrownBy(() -> pool.submit(new Blocker(), Placement.byKey("same")))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("durableCapacity");

      Gate.release.countDown();
      assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo("released");
    }
  }
}
