package dev.concurrency.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.List;

/**
 * This JVM's place in a cluster, which a {@link ClusterPool} sends its tasks through: an embedded
 * {@link ClusterMember} (this JVM is one of the members, and runs tasks too) or a {@link ClusterClient} (this JVM
 * only submits; the members run everything).
 *
 * <p>Implementations are thread-safe. {@link #members()} is a snapshot of the membership as this JVM knows it:
 * a member that has just left may still be listed for the time Hazelcast takes to notice.
 *
 * <p><b>Python:</b> Ray's {@code ray.init(address=...)} connection and Dask's {@code distributed.Client}; both
 * are clients only, and this JVM may be a member as well.
 */
public sealed interface ClusterConnection extends AutoCloseable permits ClusterMember, ClusterClient {

  /**
   * The Hazelcast instance underneath, for what this module does not wrap (maps, topics, metrics). Closing it
   * closes this connection.
   *
   * @return the member or client instance
   */
  HazelcastInstance hazelcast();

  /**
   * The cluster's name; members and clients meet only within one name.
   *
   * @return the name
   */
  String clusterName();

  /**
   * The members that run tasks, in the order they joined the cluster (the oldest first). Lite members, which hold
   * no data, are left out.
   *
   * @return an immutable snapshot
   */
  List<MemberInfo> members();

  /**
   * Waits until at least {@code count} members are in the cluster, or the timeout passes.
   *
   * @param count how many members to wait for, at least 1
   * @param timeout how long to wait at most
   * @return whether {@code count} members were there in time
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code count < 1}
   */
  boolean awaitMembers(int count, Duration timeout) throws InterruptedException;

  /**
   * Leaves the cluster (a member hands its partitions over first) or disconnects (a client). Idempotent. Tasks
   * in flight through this connection fail with a {@link TaskLostException}.
   */
  @Override
  void close();
}
