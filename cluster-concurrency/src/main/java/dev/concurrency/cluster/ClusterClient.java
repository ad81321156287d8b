package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.concurrency.cluster.internal.Allowlist;
import dev.concurrency.cluster.internal.ClientSettings;
import dev.concurrency.cluster.internal.Members;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A client connection to a Hazelcast cluster that runs elsewhere: this JVM submits tasks and the members run them;
 * it holds no data and runs nothing itself.
 *
 * {@snippet class=dev.concurrency.cluster.ClusterSnippetsTest region=client}
 *
 * <p>The client connects to every member directly, so a task sent to a member goes straight to it. It never
 * re-sends an operation whose connection broke (Hazelcast's {@code redoOperation} is off), so a task is not run
 * twice behind the caller's back; a member that leaves fails its tasks with a {@link TaskLostException}. The
 * members must have this module and the tasks' classes on their class path, and allow those classes (see
 * {@link ClusterMember}); results are checked against this client's own allowlist ({@link Builder#allow}).
 *
 * <p>This class is thread-safe. {@link #close()} is idempotent.
 *
 * <p><b>Python:</b> Dask's {@code Client("tcp://scheduler:8786")} and Ray's {@code ray.init(address="ray://...")};
 * the members play the part of Dask's workers and scheduler at once.
 */
public final class ClusterClient implements ClusterConnection {

  private final HazelcastInstance hazelcast;
  private final String clusterName;
  private final List<String> allowlist;

  private ClusterClient(HazelcastInstance hazelcast, String clusterName, List<String> allowlist) {
    this.hazelcast = hazelcast;
    this.clusterName = clusterName;
    this.allowlist = List.copyOf(allowlist);
  }

  /** The patterns given to {@link Builder#allow}: the results a pool on this client may read. */
  List<String> allowlist() {
    return allowlist;
  }

  /**
   * A builder with the defaults: cluster {@code dev.concurrency.cluster}, a 30 s connection timeout, no address
   * (one must be given).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  @Override
  public String clusterName() {
    return clusterName;
  }

  @Override
  public List<MemberInfo> members() {
    return Members.dataMembers(hazelcast).stream().map(Members::info).toList();
  }

  @Override
  public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
    return Members.await(hazelcast, count, requireNonNull(timeout, "timeout"));
  }

  /** Disconnects. Blocks until done. */
  @Override
  public void close() {
    hazelcast.shutdown();
  }

  /** The client's name and cluster. */
  @Override
  public String toString() {
    return "ClusterClient[" + hazelcast.getName() + ", cluster " + clusterName + "]";
  }

  /** Configuration of a {@link ClusterClient}; not thread-safe. */
  public static final class Builder {
    private String clusterName = "dev.concurrency.cluster";
    private @Nullable String name;
    private final List<String> addresses = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(30);
    private final List<String> allow = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<Consumer<ClientConfig>> customizers = new ArrayList<>();

    private Builder() {}

    /**
     * The cluster's name (default {@code dev.concurrency.cluster}); the client connects only to members of that
     * name.
     *
     * @param clusterName the name, not blank
     * @return this builder
     */
    public Builder clusterName(String clusterName) {
      this.clusterName = ClusterMember.notBlank(clusterName, "clusterName");
      return this;
    }

    /**
     * The client's name, shown in Hazelcast's thread names and logs (default: one Hazelcast makes up).
     *
     * @param name the name, not blank
     * @return this builder
     */
    public Builder name(String name) {
      this.name = ClusterMember.notBlank(name, "name");
      return this;
    }

    /**
     * Adds member addresses to connect to; one reachable member is enough, the client then learns the rest.
     *
     * @param addresses {@code host:port} each, such as a member's {@link ClusterMember#address()}
     * @return this builder
     */
    public Builder address(String... addresses) {
      for (String address : addresses) {
        this.addresses.add(ClusterMember.checkAddress(address));
      }
      return this;
    }

    /**
     * How long {@link #connect()} tries before it gives up (default 30 s); also how long the client tries to
     * reconnect when it loses the cluster before it shuts down.
     *
     * @param connectTimeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
      }
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * Adds deserialization allowlist patterns for the results this client receives; the syntax and the classes
     * always allowed are those of {@link ClusterMember.Builder#allow}.
     *
     * @param patterns the patterns
     * @return this builder
     * @throws IllegalArgumentException if a pattern is malformed
     */
    public Builder allow(String... patterns) {
      for (String pattern : patterns) {
        allow.add(Allowlist.check(requireNonNull(pattern, "pattern")));
      }
      return this;
    }

    /**
     * Sets a Hazelcast client property, applied after this builder's own settings.
     *
     * @param name the property's name
     * @param value its value
     * @return this builder
     */
    public Builder property(String name, String value) {
      properties.put(ClusterMember.notBlank(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a step that edits the finished Hazelcast client configuration before the client connects, applied
     * last. Turning {@code redoOperation} on here lets Hazelcast re-send tasks, which breaks at-most-once delivery.
     *
     * @param customizer edits the configuration
     * @return this builder
     */
    public Builder configure(Consumer<ClientConfig> customizer) {
      customizers.add(requireNonNull(customizer, "customizer"));
      return this;
    }

    /**
     * Connects to the cluster. Blocks until connected.
     *
     * @return the connected client
     * @throws IllegalStateException if no address was given, or no member answered within the connection timeout
     */
    public ClusterClient connect() {
      if (addresses.isEmpty()) {
        throw new IllegalStateException("a ClusterClient needs at least one member address: call address(...)");
      }
      ClientSettings settings = new ClientSettings(clusterName, name, addresses, connectTimeout, allow, properties, customizers);
      try {
        return new ClusterClient(HazelcastClient.newHazelcastClient(settings.toConfig()), clusterName, allow);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "could not connect to cluster " + clusterName + " at " + addresses + " within " + connectTimeout
                + " (connectTimeout): " + e.getMessage() + ". Check the addresses, the cluster name, and that a member"
                + " is running",
            e);
      }
    }
  }
}
