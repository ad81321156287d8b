package dev.concurrency.benchmarks.cluster;

import static dev.concurrency.benchmarks.workload.Workload.check;

import dev.concurrency.benchmarks.workload.Burn;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import dev.concurrency.cluster.ClusterFuture;
import dev.concurrency.cluster.ClusterMember;
import dev.concurrency.cluster.ClusterPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The workloads of this project's {@code cluster-concurrency} module, as the system named {@code project-cluster}:
 * a {@code ClusterPool} on three Hazelcast members embedded in the benchmark's JVM, on 127.0.0.1.
 *
 * <ul>
 *   <li>{@code C1_cluster_start}: three members started cold, one after another, the second and third joining
 *       the first ({@code first_member_start_ms}, {@code joining_member_start_ms}: the third, until all three
 *       see each other);
 *   <li>{@code C2_task_overhead}: an empty task's round trip, submitted and awaited one at a time
 *       ({@code task_roundtrip_ms}, the median), and empty tasks submitted all at once ({@code empty_tasks_per_s});
 *   <li>{@code P3_pool_map}: the process pool's workload on the cluster, the same work: 100,000 tiny tasks by
 *       {@code map} with Python's chunk size ({@code tiny_tasks_per_s}) and 200 tasks of about 5 ms CPU, one per
 *       chunk ({@code burn_wall_s}, {@code burn_efficiency}: their CPU time over the wall time of the cores that
 *       could run them, the members' workers or the machine's processors, whichever are fewer).
 * </ul>
 *
 * <p>The warm workloads share one cluster, started on first use and kept for the process (the runner gives every
 * pair a fresh JVM; its members end with it, without a graceful shutdown). Each workload checks its results and
 * throws {@link IllegalStateException} if one is wrong.
 */
public final class ClusterWorkloads {

  /** Members in the cluster: the three. */
  static final int MEMBERS = 3;

  /** Worker threads per member: one, so that three members offer three workers, as two processes offer two. */
  static final int WORKERS = 1;

  private static final Duration LIMIT = Duration.ofMinutes(2);

  private static @Nullable List<ClusterMember> shared;

  private ClusterWorkloads() {}

  /** Every workload of this module. */
  public static List<Workload> all() {
    return List.of(
        Workload.of("C1_cluster_start", scale -> clusterStart()),
        Workload.of("C2_task_overhead", ClusterWorkloads::taskOverhead),
        Workload.of("P3_pool_map", ClusterWorkloads::poolMap));
  }

  /**
   * A member of a cluster of this name: loopback, a port the system picks, no join wait (the members start one
   * after another), Hazelcast's log and its graceful shutdown at JVM exit off (the JVM ends right after a pair).
   */
  static ClusterMember.Builder member(String clusterName, String name) {
    return ClusterMember.builder()
        .clusterName(clusterName)
        .name(name)
        .joinWait(Duration.ZERO)
        .workers(WORKERS)
        .allow("dev.concurrency.benchmarks.**")
        .property("hazelcast.logging.type", "none")
        .property("hazelcast.shutdownhook.policy", "TERMINATE");
  }

  /**
   * Starts {@link #MEMBERS} members of a new cluster, named {@code prefix-1} and so on (a member's name is its
   * Hazelcast instance's, unique in a JVM); each start's milliseconds go into {@code startMillis}.
   */
  static List<ClusterMember> startCluster(String prefix, double[] startMillis) throws InterruptedException {
    String clusterName = "benchmark-" + UUID.randomUUID();
    List<ClusterMember> members = new ArrayList<>();
    try {
      for (int i = 0; i < MEMBERS; i++) {
        ClusterMember.Builder builder = member(clusterName, prefix + "-" + (i + 1));
        if (!members.isEmpty()) {
          builder.join(members.get(0).address());
        }
        long start = System.nanoTime();
        members.add(builder.start());
        check(members.get(0).awaitMembers(members.size(), LIMIT), "member " + (i + 1) + " joined within " + LIMIT);
        startMillis[i] = (System.nanoTime() - start) / 1e6;
      }
      return members;
    } catch (RuntimeException | InterruptedException e) {
      close(members);
      throw e;
    }
  }

  /** The members in reverse order of their start. */
  static void close(List<ClusterMember> members) {
    for (ClusterMember member : members.reversed()) {
      member.close();
    }
  }

  /** The cluster the warm workloads share, started on first use. */
  static synchronized ClusterMember sharedCluster() throws InterruptedException {
    if (shared == null) {
      shared = startCluster("member", new double[MEMBERS]);
    }
    return shared.get(0);
  }

  /** Closes the shared cluster, if one was started (for tests; the runner's JVM ends instead). */
  static synchronized void closeSharedCluster() {
    if (shared != null) {
      close(shared);
      shared = null;
    }
  }

  private static List<Figure> clusterStart() throws InterruptedException {
    double[] startMillis = new double[MEMBERS];
    close(startCluster("starting", startMillis));
    return List.of(
        new Figure("first_member_start_ms", startMillis[0], "ms"),
        new Figure("joining_member_start_ms", startMillis[MEMBERS - 1], "ms"));
  }

  private static List<Figure> taskOverhead(Scale scale) throws Exception {
    int sequential = scale.pick(200, 20);
    int batch = scale.pick(5_000, 200);
    try (ClusterPool pool = ClusterPool.on(sharedCluster())) {
      double[] roundTrips = new double[sequential];
      for (int i = 0; i < sequential; i++) {
        int x = i;
        long start = System.nanoTime();
        int back = pool.submit(() -> x).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        roundTrips[i] = (System.nanoTime() - start) / 1e6;
        check(back == x, "task " + i + " returned " + back);
      }
      List<ClusterFuture<Integer>> futures = new ArrayList<>(batch);
      long start = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        int x = i;
        futures.add(pool.submit(() -> x));
      }
      long sum = 0;
      for (ClusterFuture<Integer> future : futures) {
        sum += future.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      }
      double took = (System.nanoTime() - start) / 1e9;
      check(sum == (long) batch * (batch - 1) / 2, "the batch's sum, got " + sum);
      return List.of(
          new Figure("task_roundtrip_ms", median(roundTrips), "ms"), new Figure("empty_tasks_per_s", batch / took, "tasks/s"));
    }
  }

  private static List<Figure> poolMap(Scale scale) throws InterruptedException {
    int tiny = scale.pick(100_000, 2_000);
    int burns = scale.pick(200, 20);
    long iterations = Burn.iterationsFor(Duration.ofMillis(5));
    try (ClusterPool pool = ClusterPool.on(sharedCluster())) {
      List<Long> items = IntStream.range(0, tiny).mapToObj(i -> (long) i).toList();
      long start = System.nanoTime();
      // as the process pool's P3: map with Python's chunk size (about four chunks per member)
      long sum = pool.map((Long x) -> x * x, items).stream().mapToLong(Long::longValue).sum();
      double tinyTook = (System.nanoTime() - start) / 1e9;
      check(sum == (long) (tiny - 1) * tiny * (2L * tiny - 1) / 6, "the squares sum, got " + sum);

      long expected = Burn.chain(0, iterations);
      start = System.nanoTime();
      List<long[]> results = pool.map(Burn::task, Collections.nCopies(burns, iterations), 1);
      double burnWall = (System.nanoTime() - start) / 1e9;
      check(results.stream().allMatch(r -> r[0] == expected), "every CPU task's result");
      double cpu = results.stream().mapToLong(r -> r[1]).sum() / 1e9;
      int cores = Math.min(MEMBERS * WORKERS, Runtime.getRuntime().availableProcessors());
      return List.of(
          new Figure("tiny_tasks_per_s", tiny / tinyTook, "tasks/s"),
          new Figure("burn_wall_s", burnWall, "s"),
          new Figure("burn_efficiency", cpu / (cores * burnWall), "ratio"));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
