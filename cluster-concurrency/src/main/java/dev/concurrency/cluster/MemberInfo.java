package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;

/**
 * One member of a cluster, as this module reports it: in {@link ClusterConnection#members()}, in a
 * {@link TaskRun}, in a {@link TaskLostException}, and as the target of {@link Placement#onMember}.
 *
 * <p>The name is the one given to {@link ClusterMember.Builder#name}, or the address when the member was started
 * without one (by this module or by any other Hazelcast configuration). Two {@code MemberInfo}s are the same
 * member when their {@code uuid}s are equal: a member that restarts at the same address is a new member.
 *
 * <p>Instances are immutable and thread-safe; they are serializable, and travel back from members inside results.
 *
 * <p><b>Python:</b> what Dask's {@code client.scheduler_info()["workers"]} lists per worker (its address and
 * name), and Ray's node id and address.
 *
 * @param uuid the member's identity in the cluster, new each time a member starts
 * @param address where other members reach it, {@code host:port}, such as {@code 127.0.0.1:5701}
 * @param name its name, or its address when it has none
 */
public record MemberInfo(UUID uuid, String address, String name) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks that every part is present. */
  public MemberInfo {
    requireNonNull(uuid, "uuid");
    requireNonNull(address, "address");
    requireNonNull(name, "name");
  }

  /** The name, and the address when the name is not the address: {@code member-1 (127.0.0.1:5701)}. */
  @Override
  public String toString() {
    return name.equals(address) ? address : name + " (" + address + ")";
  }
}
