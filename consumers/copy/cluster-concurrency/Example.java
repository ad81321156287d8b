package com.example;

import dev.concurrency.cluster.ClusterMember;
import dev.concurrency.cluster.ClusterPool;
import java.time.Duration;
import java.util.List;

/**
 * In a project that holds a copy of cluster-concurrency: two Hazelcast members on 127.0.0.1 (ports the system
 * picks, multicast off) and a pool that maps over them, like {@code ray.util.multiprocessing.Pool.map}.
 */
public final class Example {

  private Example() {}

  private static ClusterMember.Builder member(String name) {
    return ClusterMember.builder()
        .clusterName("copy-check")
        .name(name)
        .joinWait(Duration.ZERO)
        .workers(1)
        .allow("com.example.*")
        .property("hazelcast.logging.type", "none");
  }

  public static void main(String[] args) throws InterruptedException {
    try (ClusterMember first = member("member-1").start();
        ClusterMember second = member("member-2").join(first.address()).start();
        ClusterPool pool = ClusterPool.on(first)) {
      System.out.println("two members: " + first.awaitMembers(2, Duration.ofMinutes(1)));
      List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4), 1);
      System.out.println("squares: " + squares);
      System.out.println("members that ran chunks: " + pool.workLog().countsByMember().size());
    }
  }
}
