package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.concurrency.cluster.internal.Allowlist;
import dev.concurrency.cluster.internal.MemberSettings;
import dev.concurrency.cluster.internal.Members;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Hazelcast member embedded in this JVM: it forms a cluster, or joins one by TCP/IP, and runs the tasks of every
 * {@link ClusterPool} in the cluster on its share of threads.
 *
 * {@snippet class=dev.concurrency.cluster.ClusterSnippetsTest region=member}
 *
 * <p><b>Network.</b> By default a member binds to {@code 127.0.0.1} on a port the system picks, and finds others
 * only at the addresses given to {@link Builder#join}: multicast discovery and cloud auto-detection are off, and
 * so is Hazelcast's phone-home, so a member sends nothing anywhere but to the members it is told about. Give the
 * other members {@link #address()}.
 *
 * <p><b>Code.</b> A member runs only code that is on its own class path: tasks travel as serialized objects whose
 * classes it loads locally, and only classes its allowlist names ({@link Builder#allow}). Hazelcast's user code
 * deployment, which loads classes sent over the network, is off (its default) and this builder does not offer it;
 * a user who wants it makes that choice explicitly through {@link Builder#configure}.
 *
 * <p>This class is thread-safe. {@link #close()} is idempotent.
 *
 * <p><b>Python:</b> starting a Ray node ({@code ray start --address=...}) or a Dask worker
 * ({@code dask worker tcp://scheduler:8786}); here the member is a library object in the user's JVM, and there is
 * no scheduler: the submitter picks the member.
 */
public final class ClusterMember implements ClusterConnection {

  private final HazelcastInstance hazelcast;
  private final MemberInfo info;
  private final String clusterName;
  private final List<String> allowlist;

  private ClusterMember(HazelcastInstance hazelcast, String clusterName, List<String> allowlist) {
    this.hazelcast = hazelcast;
    this.info = Members.info(hazelcast.getCluster().getLocalMember());
    this.clusterName = clusterName;
    this.allowlist = List.copyOf(allowlist);
  }

  /** The patterns given to {@link Builder#allow}: the results a pool on this member may read. */
  List<String> allowlist() {
    return allowlist;
  }

  /**
   * A builder with the defaults: cluster {@code dev.concurrency.cluster}, host {@code 127.0.0.1}, an ephemeral
   * port, no one to join, one worker thread per processor.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where other members and clients reach this one.
   *
   * @return {@code host:port}, such as {@code 127.0.0.1:41234}
   */
  public String address() {
    return info.address();
  }

  /**
   * This member.
   *
   * @return its identity, address and name
   */
  public MemberInfo info() {
    return info;
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

  /**
   * Leaves the cluster gracefully: this member's partitions move to the others first (Hazelcast's
   * {@code shutdown}), then its tasks in flight end and their submitters see the member leave. Blocks until done.
   */
  @Override
  public void close() {
    hazelcast.shutdown();
  }

  /** This member's name and address. */
  @Override
  public String toString() {
    return "ClusterMember[" + info + ", cluster " + clusterName + "]";
  }

  /** Configuration of a {@link ClusterMember}; not thread-safe. */
  public static final class Builder {
    private String clusterName = "dev.concurrency.cluster";
    private @Nullable String name;
    private String host = "127.0.0.1";
    private int port;
    private final List<String> join = new ArrayList<>();
    private Duration joinWait = Duration.ofSeconds(5);
    private int workers = Runtime.getRuntime().availableProcessors();
    private int durableCapacity = 100;
    private final List<String> allow = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<Consumer<Config>> customizers = new ArrayList<>();

    private Builder() {}

    /**
     * The cluster's name (default {@code dev.concurrency.cluster}): members and clients join only a cluster of
     * the same name.
     *
     * @param clusterName the name, not blank
     * @return this builder
     */
    public Builder clusterName(String clusterName) {
      this.clusterName = notBlank(clusterName, "clusterName");
      return this;
    }

    /**
     * This member's name, shown in {@link MemberInfo}, {@link TaskRun} and Hazelcast's thread names (default: none,
     * and the address stands in). Unique within this JVM: Hazelcast refuses two instances of one name.
     *
     * @param name the name, not blank
     * @return this builder
     */
    public Builder name(String name) {
      this.name = notBlank(name, "name");
      return this;
    }

    /**
     * The interface to bind to and to announce to the others (default {@code 127.0.0.1}: this machine only).
     *
     * @param host an IP address of this machine
     * @return this builder
     */
    public Builder host(String host) {
      this.host = notBlank(host, "host");
      return this;
    }

    /**
     * The port to listen on (default 0: one the system picks, which {@link #address()} reports). A port that is
     * taken fails {@link #start()}; it does not move to the next one.
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Addresses of members to join (default: none, and this member forms a cluster of its own unless others join
     * it). One reachable member is enough; the rest are found through it.
     *
     * @param addresses {@code host:port} each, such as another member's {@link #address()}
     * @return this builder
     */
    public Builder join(String... addresses) {
      for (String address : addresses) {
        join.add(checkAddress(address));
      }
      return this;
    }

    /**
     * How long the member waits for join requests before it forms or joins a cluster (Hazelcast's
     * {@code hazelcast.wait.seconds.before.join}; default 5 s, in whole seconds, rounded up). The wait lets
     * members started at the same moment, each listing the others, settle on one cluster instead of forming
     * several that merge minutes later. Members started one after another, each joining an earlier one, need
     * none: {@link Duration#ZERO} starts them seconds sooner.
     *
     * @param joinWait not negative
     * @return this builder
     */
    public Builder joinWait(Duration joinWait) {
      if (joinWait.isNegative()) {
        throw new IllegalArgumentException("joinWait must not be negative, was " + joinWait);
      }
      this.joinWait = joinWait;
      return this;
    }

    /**
     * Threads this member gives each pool's tasks (default: the number of processors): how many of a pool's tasks
     * run on it at once. Further tasks wait in its queue.
     *
     * @param workers at least 1
     * @return this builder
     */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1, was " + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * How many {@linkplain Delivery#AT_LEAST_ONCE at-least-once} tasks may be in flight per partition (default
     * 100, Hazelcast's; a cluster has 271 partitions). A task submitted beyond it is refused with a
     * {@link java.util.concurrent.RejectedExecutionException} that names this setting.
     *
     * @param durableCapacity at least 1
     * @return this builder
     */
    public Builder durableCapacity(int durableCapacity) {
      if (durableCapacity < 1) {
        throw new IllegalArgumentException("durableCapacity must be at least 1, was " + durableCapacity);
      }
      this.durableCapacity = durableCapacity;
      return this;
    }

    /**
     * Adds deserialization allowlist patterns: the classes of the tasks this member may run and of the results it
     * may receive (it is a submitter too when a pool runs on it). Patterns: {@code com.example.Point} (a class),
     * {@code com.example.*} (a package's classes), {@code com.example.**} (and its subpackages),
     * {@code com.example.Po*} (a name prefix). Always allowed: {@code java*} classes, arrays and Hazelcast's own
     * ({@code com.hazelcast.*}), and this module's internal task wrapper. A task or result with any other class
     * fails with a {@link ClassNotAllowedException} naming the class. A lambda's class is the class that declares
     * it.
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
     * Sets a Hazelcast property, such as {@code hazelcast.logging.type} or {@code hazelcast.max.no.heartbeat.seconds}
     * (applied after this builder's own settings, so it wins over them).
     *
     * @param name the property's name
     * @param value its value
     * @return this builder
     */
    public Builder property(String name, String value) {
      properties.put(notBlank(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a step that edits the finished Hazelcast configuration before the member starts: the way to anything
     * this builder does not cover, applied last. Changing the network, join, executor or serialization settings
     * here may break what this class promises.
     *
     * @param customizer edits the configuration
     * @return this builder
     */
    public Builder configure(Consumer<Config> customizer) {
      customizers.add(requireNonNull(customizer, "customizer"));
      return this;
    }

    /**
     * Starts the member and joins (or forms) the cluster. Blocks until the member is running.
     *
     * @return the running member
     * @throws IllegalStateException if Hazelcast could not start it (a taken port, an instance name in use),
     *     with Hazelcast's exception as the cause
     */
    public ClusterMember start() {
      MemberSettings settings =
          new MemberSettings(
              clusterName, name, host, port, join, joinWait, workers, durableCapacity, allow, properties, customizers);
      HazelcastInstance hazelcast;
      try {
        hazelcast = Hazelcast.newHazelcastInstance(settings.toConfig());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "could not start a cluster member on " + host + ":" + (port == 0 ? "(any port)" : port) + " for cluster "
                + clusterName + ": " + e.getMessage(),
            e);
      }
      return new ClusterMember(hazelcast, clusterName, allow);
    }
  }

  static String notBlank(String value, String what) {
    if (requireNonNull(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  static String checkAddress(String address) {
    requireNonNull(address, "address");
    int colon = address.lastIndexOf(':');
    String digits = colon < 0 ? "" : address.substring(colon + 1);
    boolean valid = colon > 0 && !digits.isEmpty() && digits.length() <= 5 && digits.chars().allMatch(c -> c >= '0' && c <= '9');
    if (valid) {
      int port = Integer.parseInt(digits);
      valid = port > 0 && port <= 65_535;
    }
    if (!valid) {
      throw new IllegalArgumentException(
          "address '" + address + "' is not host:port with a port of 1 to 65535, such as 127.0.0.1:5701");
    }
    return address;
  }
}
