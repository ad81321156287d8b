package dev.concurrency.cluster.internal;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.concurrency.cluster.MemberInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hazelcast's {@link Member}s as this module's {@link MemberInfo}s, and waiting for a cluster to grow.
 *
 * <p>Stateless and thread-safe.
 */
public final class Members {

  /** The member attribute that carries a member's name ({@code ClusterMember.Builder.name}). */
  public static final String NAME_ATTRIBUTE = "dev.concurrency.cluster.name";

  private Members() {}

  /**
   * The member as this module reports it.
   *
   * @param member a Hazelcast member
   * @return its identity, address and name (the address if it has no name)
   */
  public static MemberInfo info(Member member) {
    String address = address(member.getAddress());
    String name = member.getAttribute(NAME_ATTRIBUTE);
    return new MemberInfo(member.getUuid(), address, name == null ? address : name);
  }

  /**
   * An address as {@code host:port}.
   *
   * @param address a Hazelcast address
   * @return such as {@code 127.0.0.1:5701}
   */
  public static String address(Address address) {
    return address.getHost() + ":" + address.getPort();
  }

  /**
   * The members that run tasks (not lite members), oldest first.
   *
   * @param hazelcast a member or client instance
   * @return a snapshot
   */
  public static List<Member> dataMembers(HazelcastInstance hazelcast) {
    return hazelcast.getCluster().getMembers().stream().filter(member -> !member.isLiteMember()).toList();
  }

  /**
   * The member with this identity, if it is in the cluster now.
   *
   * @param hazelcast a member or client instance
   * @param uuid the member's identity
   * @return the member, or empty
   */
  public static Optional<Member> find(HazelcastInstance hazelcast, UUID uuid) {
    return dataMembers(hazelcast).stream().filter(member -> member.getUuid().equals(uuid)).findFirst();
  }

  /**
   * Waits until the cluster has at least {@code count} data members, woken by membership events.
   *
   * @param hazelcast a member or client instance
   * @param count how many members
   * @param timeout how long at most
   * @return whether there were that many in time
   * @throws InterruptedException if interrupted while waiting
   */
  public static boolean await(HazelcastInstance hazelcast, int count, Duration timeout) throws InterruptedException {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    ReentrantLock lock = new ReentrantLock();
    Condition changed = lock.newCondition();
    MembershipListener listener =
        new MembershipListener() {
          @Override
          public void memberAdded(MembershipEvent event) {
            signal();
          }

          @Override
          public void memberRemoved(MembershipEvent event) {
            signal();
          }

          private void signal() {
            lock.lock();
            try {
              changed.signalAll();
            } finally {
              lock.unlock();
            }
          }
        };
    UUID registration = hazelcast.getCluster().addMembershipListener(listener);
    try {
      long remaining = timeout.toNanos();
      lock.lock();
      try {
        // the listener was added before the first look, so no change between the look and the wait is missed
        while (dataMembers(hazelcast).size() < count) {
          if (remaining <= 0) {
            return false;
          }
          remaining = changed.awaitNanos(remaining);
        }
        return true;
      } finally {
        lock.unlock();
      }
    } finally {
      hazelcast.getCluster().removeMembershipListener(registration);
    }
  }
}
