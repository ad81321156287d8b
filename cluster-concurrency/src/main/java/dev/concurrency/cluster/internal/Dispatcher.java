package dev.concurrency.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.durableexecutor.DurableExecutorService;
import com.hazelcast.durableexecutor.DurableExecutorServiceFuture;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import dev.concurrency.cluster.Delivery;
import dev.concurrency.cluster.MemberInfo;
import dev.concurrency.cluster.Placement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Sends a task to its member: picks the member for a {@link Placement}, hands the task to Hazelcast's executor
 * for the pool's {@link Delivery}, and returns where it went and the future of its {@link Outcome}.
 *
 * <p><b>At most once.</b> Every task goes to a resolved member through {@link IExecutorService#submitToMember},
 * a targeted invocation, which Hazelcast fails with a {@code MemberLeftException} when the member leaves. A key's
 * task goes to the key's owner the same way, never through {@code submitToKeyOwner} or {@code submit}: those are
 * partition invocations, and Hazelcast re-sends a partition invocation whose member left to the partition's new
 * owner, running the task again without telling anyone ({@code PartitionInvocation.onException} retries a
 * {@code MemberLeftException} unless {@code hazelcast.operation.fail.on.indeterminate.state} is set).
 *
 * <p><b>At least once.</b> Every task goes through {@link DurableExecutorService#submitToKeyOwner}: it is stored
 * in the key's partition and that partition's backup before it runs, and the backup's member runs it again if the
 * owner leaves. Round-robin picks the next member, then a partition that member owns, and a key of that partition.
 * The result is fetched with {@link DurableExecutorService#retrieveAndDisposeResult}, which frees its slot in the
 * partition's ring of {@code durableCapacity} tasks.
 *
 * <p>Thread-safe: the round-robin counters are atomic; Hazelcast's proxies are thread-safe.
 */
public final class Dispatcher {

  /** How long a submit waits for the cluster to assign a partition's owner, on a cluster that has just formed. */
  private static final Duration OWNER_PATIENCE = Duration.ofSeconds(30);

  private final HazelcastInstance hazelcast;
  private final String executorName;
  private final Delivery delivery;
  private final AtomicLong memberTurn = new AtomicLong();
  private final AtomicLong partitionTurn = new AtomicLong();
  private volatile @Nullable IExecutorService executor;
  private volatile @Nullable DurableExecutorService durable;
  private volatile int @Nullable [] keyOfPartition;

  /**
   * Creates one.
   *
   * @param hazelcast the member or client that submits
   * @param executorName the Hazelcast executor's name
   * @param delivery which executor to use
   */
  public Dispatcher(HazelcastInstance hazelcast, String executorName, Delivery delivery) {
    this.hazelcast = hazelcast;
    this.executorName = executorName;
    this.delivery = delivery;
  }

  /**
   * A task on its way: the member it was sent to, its outcome to come, and how to cancel it there.
   *
   * @param sentTo the member
   * @param outcome completes with the member's outcome, or with what Hazelcast reported
   * @param cancel cancels it on the member, interrupting it if asked and it runs; does nothing for a durable task
   */
  public record Sent(MemberInfo sentTo, CompletableFuture<Outcome> outcome, Canceller cancel) {}

  /** Cancels a task on its member. */
  @FunctionalInterface
  public interface Canceller {
    /**
     * Cancels.
     *
     * @param mayInterruptIfRunning whether to interrupt the task if it runs
     */
    void cancel(boolean mayInterruptIfRunning);
  }

  /**
   * Sends a task.
   *
   * @param call the wrapped task
   * @param placement where it should run
   * @param description the task as the user gave it, for messages
   * @return where it went and its outcome to come
   * @throws IllegalArgumentException if it cannot be serialized, or the placement does not fit the delivery
   * @throws RejectedExecutionException if no member can take it (none in the cluster, the chosen one gone, the
   *     executor shut down, or the durable ring of its partition full)
   */
  public Sent send(RemoteCall call, Placement placement, Object description) {
    return delivery == Delivery.AT_MOST_ONCE
        ? sendAtMostOnce(call, placement, description)
        : sendAtLeastOnce(call, placement, description);
  }

  /**
   * The Hazelcast executors this dispatcher created, for the pool to destroy when it is done; those it never used
   * are not created.
   *
   * @return the executor proxies created so far
   */
  public List<DistributedObject> created() {
    List<DistributedObject> created = new ArrayList<>(2);
    IExecutorService plain = executor;
    DurableExecutorService stored = durable;
    if (plain != null) {
      created.add(plain);
    }
    if (stored != null) {
      created.add(stored);
    }
    return created;
  }

  private Sent sendAtMostOnce(RemoteCall call, Placement placement, Object description) {
    Member member =
        switch (placement) {
          case Placement.RoundRobin ignored -> nextMember();
          case Placement.ByKey byKey -> owner(partitionOf(byKey.key()));
          case Placement.OnMember onMember ->
              Members.find(hazelcast, onMember.member().uuid())
                  .orElseThrow(
                      () ->
                          new RejectedExecutionException(
                              "member " + onMember.member() + " is not in the cluster (any more); its members are "
                                  + Members.dataMembers(hazelcast).stream().map(Members::info).toList()));
        };
    Future<Outcome> future;
    try {
      future = executor().submitToMember(call, member);
    } catch (HazelcastSerializationException e) {
      throw Failures.unsendable(description, e);
    }
    return new Sent(Members.info(member), stage(future), interrupt -> cancelQuietly(future, interrupt));
  }

  /**
   * Cancels a task on its member. Hazelcast's cancel is a round trip to the member, which throws when the member
   * cannot be reached; the caller's future is cancelled already, and a member that is gone runs nothing more, so
   * that failure changes nothing and is not reported.
   */
  private static void cancelQuietly(Future<?> future, boolean mayInterruptIfRunning) {
    try {
      future.cancel(mayInterruptIfRunning);
    } catch (RuntimeException unreachable) {
      // the member left or this connection closed: there is no task left to cancel there
    }
  }

  private Sent sendAtLeastOnce(RemoteCall call, Placement placement, Object description) {
    Object key;
    Member member;
    switch (placement) {
      case Placement.RoundRobin ignored -> {
        Partition partition = nextPartition();
        key = keyOf(partition.getPartitionId());
        member = owner(partition);
      }
      case Placement.ByKey byKey -> {
        key = byKey.key();
        member = owner(partitionOf(key));
      }
      case Placement.OnMember onMember ->
          throw new IllegalArgumentException(
              "a task pinned to member " + onMember.member() + " cannot be delivered at least once: at-least-once"
                  + " delivery runs a task again on another member when its member leaves. Use Placement.byKey or"
                  + " round-robin with Delivery.AT_LEAST_ONCE, or a pool with Delivery.AT_MOST_ONCE");
    }
    DurableExecutorServiceFuture<Outcome> stored;
    try {
      stored = durable().submitToKeyOwner(call, key);
    } catch (HazelcastSerializationException e) {
      throw Failures.unsendable(description, e);
    }
    CompletableFuture<Outcome> submission = stage(stored);
    if (submission.isCompletedExceptionally()) {
      throw refusedDurable(submission, member);
    }
    return new Sent(Members.info(member), stage(durable().retrieveAndDisposeResult(stored.getTaskId())), interrupt -> {});
  }

  private RuntimeException refusedDurable(CompletableFuture<Outcome> submission, Member member) {
    try {
      submission.get();
      throw new AssertionError("the submission failed");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RejectedExecutionException rejected) {
        return new RejectedExecutionException(
            "member " + Members.info(member) + " refused an at-least-once task: " + rejected.getMessage() + " (the"
                + " partition's ring of tasks in flight is full: raise ClusterMember.Builder.durableCapacity on every"
                + " member, or submit fewer tasks at once)",
            rejected);
      }
      return e.getCause() instanceof RuntimeException runtime ? runtime : new RejectedExecutionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RejectedExecutionException("interrupted while submitting", e);
    }
  }

  private Member nextMember() {
    List<Member> members = Members.dataMembers(hazelcast);
    if (members.isEmpty()) {
      throw new RejectedExecutionException("the cluster has no member that runs tasks (only lite members, or none)");
    }
    return members.get((int) Math.floorMod(memberTurn.getAndIncrement(), (long) members.size()));
  }

  /** The next member in turn, then the next of the partitions it owns; any partition if it owns none yet. */
  private Partition nextPartition() {
    Member member = nextMember();
    List<Partition> owned = new ArrayList<>();
    List<Partition> all = new ArrayList<>(partitionService().getPartitions());
    for (Partition partition : all) {
      Member owner = partition.getOwner();
      if (owner != null && owner.getUuid().equals(member.getUuid())) {
        owned.add(partition);
      }
    }
    List<Partition> choice = owned.isEmpty() ? all : owned;
    return choice.get((int) Math.floorMod(partitionTurn.getAndIncrement(), (long) choice.size()));
  }

  /** The partition's owner, waiting a little on a cluster whose partitions are not yet assigned. */
  private static Member owner(Partition partition) {
    long deadline = System.nanoTime() + OWNER_PATIENCE.toNanos();
    Member owner = partition.getOwner();
    while (owner == null) {
      if (System.nanoTime() - deadline > 0) {
        throw new RejectedExecutionException(
            "partition " + partition.getPartitionId() + " has no owner after " + OWNER_PATIENCE + ": the cluster is"
                + " not ready (is it still starting, or did every member leave?)");
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      owner = partition.getOwner();
    }
    return owner;
  }

  /** An integer key in each partition, found once: round-robin's way to address a partition by key. */
  private int keyOf(int partitionId) {
    int[] keys = keyOfPartition;
    if (keys == null) {
      PartitionService partitions = partitionService();
      keys = new int[partitions.getPartitions().size()];
      Arrays.fill(keys, -1);
      int found = 0;
      for (int key = 0; found < keys.length; key++) {
        int id = partitions.getPartition(key).getPartitionId();
        if (keys[id] < 0) {
          keys[id] = key;
          found++;
        }
      }
      keyOfPartition = keys;
    }
    return keys[partitionId];
  }

  private Partition partitionOf(Object key) {
    try {
      return partitionService().getPartition(key);
    } catch (HazelcastSerializationException e) {
      throw new IllegalArgumentException(
          "the key " + key + " (" + key.getClass().getName() + ") cannot be serialized, so it has no partition: use a"
              + " Serializable key, such as a String or a record of serializable values",
          e);
    }
  }

  private PartitionService partitionService() {
    return hazelcast.getPartitionService();
  }

  private IExecutorService executor() {
    IExecutorService local = executor;
    if (local == null) {
      local = hazelcast.getExecutorService(executorName);
      executor = local;
    }
    return local;
  }

  private DurableExecutorService durable() {
    DurableExecutorService local = durable;
    if (local == null) {
      local = hazelcast.getDurableExecutorService(executorName);
      durable = local;
    }
    return local;
  }

  /** Hazelcast's futures are {@link CompletableFuture}s since 4.0, on members and on clients. */
  @SuppressWarnings("unchecked") // the executor returns what the RemoteCall returns
  private static CompletableFuture<Outcome> stage(Future<?> future) {
    if (future instanceof CompletableFuture<?> completable) {
      return (CompletableFuture<Outcome>) completable;
    }
    throw new IllegalStateException(
        "this Hazelcast returned a " + future.getClass().getName() + ", not a CompletableFuture; Hazelcast 5.x is"
            + " required");
  }
}
