package dev.concurrency.cluster.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientNetworkConfig;
import com.hazelcast.client.config.RoutingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ClusterClient.Builder} collected, turned into a Hazelcast {@link ClientConfig}.
 *
 * <p>Besides the settings, the configuration connects to every member directly (so that a task sent to a member
 * goes straight to it), never re-sends an operation whose connection broke ({@code redoOperation} off: a task
 * must not run twice behind the caller's back), turns cloud auto-detection off, and allows only the classes its
 * allowlist names in results.
 *
 * @param clusterName the cluster's name
 * @param name the client's name, or null
 * @param addresses members to connect to first ({@code host:port})
 * @param connectTimeout how long to try to connect before giving up
 * @param allow allowlist patterns
 * @param properties Hazelcast client properties
 * @param customizers run on the finished configuration, in order
 */
public record ClientSettings(
    String clusterName,
    @Nullable String name,
    List<String> addresses,
    Duration connectTimeout,
    List<String> allow,
    Map<String, String> properties,
    List<Consumer<ClientConfig>> customizers) {

  /** Copies the lists and map. */
  public ClientSettings {
    addresses = List.copyOf(addresses);
    allow = List.copyOf(allow);
    properties = Map.copyOf(properties);
    customizers = List.copyOf(customizers);
  }

  /**
   * The client configuration.
   *
   * @return a new configuration
   */
  public ClientConfig toConfig() {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    if (name != null) {
      config.setInstanceName(name);
    }
    ClientNetworkConfig network = config.getNetworkConfig();
    network.setAddresses(addresses);
    network.setRedoOperation(false);
    network.getAutoDetectionConfig().setEnabled(false);
    network.getClusterRoutingConfig().setRoutingMode(RoutingMode.ALL_MEMBERS);
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectTimeout.toMillis());
    config.getSerializationConfig().setJavaSerializationFilterConfig(Allowlist.filter(allow));
    properties.forEach(config::setProperty);
    customizers.forEach(customizer -> customizer.accept(config));
    return config;
  }
}
