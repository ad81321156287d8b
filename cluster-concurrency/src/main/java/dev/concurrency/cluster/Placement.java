package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

/**
 * Where a task runs: on the next member in turn, on the member that owns a key's partition, or on one chosen
 * member. Given to {@link ClusterPool#submit(SerializableCallable, Placement)}; {@code map} and friends use
 * {@link #roundRobin()}.
 *
 * {@snippet class=dev.concurrency.cluster.ClusterSnippetsTest region=placement}
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p><b>Python:</b> Dask's {@code client.submit(..., workers=[address])} for a chosen member; Ray's
 * {@code NodeAffinitySchedulingStrategy}; data locality by key has no counterpart in either pool API.
 */
public sealed interface Placement {

  /**
   * The members in turn, in the order they joined the cluster: the default.
   *
   * @return the placement
   */
  static Placement roundRobin() {
    return RoundRobin.INSTANCE;
  }

  /**
   * The member that owns the partition of {@code key}, where a Hazelcast map would keep that key: data locality.
   * The owner is looked up when the task is submitted.
   *
   * @param key any serializable value; equal keys (as serialized bytes) go to the same partition
   * @return the placement
   * @throws NullPointerException if {@code key} is null
   */
  static Placement byKey(Object key) {
    return new ByKey(key);
  }

  /**
   * One member. The task fails with a {@link java.util.concurrent.RejectedExecutionException} at submit when the
   * member is no longer in the cluster.
   *
   * @param member the member, from {@link ClusterConnection#members()}
   * @return the placement
   * @throws NullPointerException if {@code member} is null
   */
  static Placement onMember(MemberInfo member) {
    return new OnMember(member);
  }

  /** The next member in turn; see {@link Placement#roundRobin()}. */
  enum RoundRobin implements Placement {
    /** The only instance. */
    INSTANCE
  }

  /**
   * The owner of a key's partition; see {@link Placement#byKey(Object)}.
   *
   * @param key the key
   */
  record ByKey(Object key) implements Placement {
    /** Checks the key. */
    public ByKey {
      requireNonNull(key, "key");
    }
  }

  /**
   * One member; see {@link Placement#onMember(MemberInfo)}.
   *
   * @param member the member
   */
  record OnMember(MemberInfo member) implements Placement {
    /** Checks the member. */
    public OnMember {
      requireNonNull(member, "member");
    }
  }
}
