package dev.concurrency.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.DurableExecutorConfig;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ClusterMember.Builder} collected, turned into a Hazelcast member {@link Config}.
 *
 * <p>Besides the settings, the configuration fixes what a reference setup should: the member binds to its host
 * only (not to every interface), joins by TCP/IP only (multicast and cloud auto-detection off: nothing probes the
 * network beyond the addresses given), does not phone home, and allows only the classes its allowlist names.
 *
 * @param clusterName the cluster's name
 * @param name the member's name, or null
 * @param host the interface to bind and to announce
 * @param port the port, 0 for an ephemeral one
 * @param join the addresses of members to join ({@code host:port})
 * @param joinWait how long a member waits for others before it forms or joins a cluster
 * @param workers threads per member for this module's executors
 * @param durableCapacity at-least-once tasks in flight per partition
 * @param allow allowlist patterns
 * @param properties Hazelcast properties, set last but before {@code customizers}
 * @param customizers run on the finished configuration, in order
 */
public record MemberSettings(
    String clusterName,
    @Nullable String name,
    String host,
    int port,
    List<String> join,
    Duration joinWait,
    int workers,
    int durableCapacity,
    List<String> allow,
    Map<String, String> properties,
    List<Consumer<Config>> customizers) {

  /** The Hazelcast executors that back this module's pools: {@code dev.concurrency.cluster.} and a pool name. */
  public static final String EXECUTOR_PREFIX = "dev.concurrency.cluster.";

  /** Copies the lists and map. */
  public MemberSettings {
    join = List.copyOf(join);
    allow = List.copyOf(allow);
    properties = Map.copyOf(properties);
    customizers = List.copyOf(customizers);
  }

  /**
   * The member configuration.
   *
   * @return a new configuration
   */
  public Config toConfig() {
    Config config = new Config();
    config.setClusterName(clusterName);
    if (name != null) {
      config.setInstanceName(name);
      config.getMemberAttributeConfig().setAttribute(Members.NAME_ATTRIBUTE, name);
    }
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", Long.toString(ceilSeconds(joinWait)));

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port);
    // an explicit port is the port: a clash fails the start instead of moving silently to the next one
    network.setPortAutoIncrement(port == 0);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    JoinConfig joinConfig = network.getJoin();
    joinConfig.getMulticastConfig().setEnabled(false);
    joinConfig.getAutoDetectionConfig().setEnabled(false);
    joinConfig.getTcpIpConfig().setEnabled(true).setMembers(join);

    config.addExecutorConfig(new ExecutorConfig(EXECUTOR_PREFIX + "*").setPoolSize(workers));
    config.addDurableExecutorConfig(
        new DurableExecutorConfig(EXECUTOR_PREFIX + "*").setPoolSize(workers).setCapacity(durableCapacity).setDurability(1));
    config.getSerializationConfig().setJavaSerializationFilterConfig(Allowlist.filter(allow));

    properties.forEach(config::setProperty);
    customizers.forEach(customizer -> customizer.accept(config));
    return config;
  }

  private static long ceilSeconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() == 0 ? seconds : seconds + 1;
  }
}
