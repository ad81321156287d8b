package dev.concurrency.examples.cluster;

import dev.concurrency.cluster.ClusterMember;
import dev.concurrency.cluster.ClusterPool;
import dev.concurrency.cluster.TaskRun;
import dev.concurrency.cluster.WorkLog;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Span;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's CPU-bound map of {@code pool-map}, on a cluster of three Hazelcast members instead of two worker
 * processes, printing which member ran what.
 *
 * <pre>{@code
 * # Python original (Ray's drop-in Pool; Dask: client.get_executor().map)
 * from ray.util.multiprocessing import Pool
 * with Pool(ray_address="auto") as pool:
 *     counts = pool.map(count_primes, [20_000, 40_000, 60_000, 80_000], chunksize=1)
 * }</pre>
 *
 * <p><b>What to notice.</b> The same {@code map} call and the same results, in input order, as {@code pool-map};
 * what changes is where the work runs. Three members start in this JVM (on 127.0.0.1, ports the system picks),
 * the second and third joining the first by its address; on real machines each would be its own JVM, and the
 * code would not change. {@code map} deals its chunks to the members in turn (one item per chunk here, so that
 * every member gets work), and the pool's work log says which member ran each chunk and when, on one timeline.
 * The function is a method reference: it travels serialized, and every member must have this class on its class
 * path and allow it ({@code allow("dev.concurrency.examples.**")}); no code is loaded from the network.
 *
 * <p><b>Run:</b> {@code ./examples.sh cluster-pool-map} (add {@code --svg cluster-pool-map.svg} for a picture)
 *
 * <p><b>Expected output</b> (then a table of tasks and busy time per member, and the timeline, one lane per
 * member):
 *
 * <pre>
 * 3 members: member-1, member-2, member-3
 * primes below 20000: 2262
 * primes below 40000: 4203
 * primes below 60000: 6057
 * primes below 80000: 7837
 * map 1, chunk 0 (items 0-0) ran on member-1
 * map 1, chunk 1 (items 1-1) ran on member-2
 * map 1, chunk 2 (items 2-2) ran on member-3
 * map 1, chunk 3 (items 3-3) ran on member-1
 * </pre>
 */
public final class Cluster01PoolMap {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "cluster-pool-map",
          Group.CLUSTER,
          "5",
          "pool-map's CPU-bound map on a 3-member Hazelcast cluster; which member ran what",
          Cluster01PoolMap::run);

  private static final List<Integer> LIMITS = List.of(20_000, 40_000, 60_000, 80_000);

  private Cluster01PoolMap() {}

  /**
   * One item's answer.
   *
   * @param limit the bound
   * @param primes how many primes are below it
   */
  record Count(int limit, int primes) implements Serializable {}

  static void run(PrintStream out, List<String> args) {
    try (ClusterMember first = member("member-1").start();
        ClusterMember second = member("member-2").join(first.address()).start();
        ClusterMember third = member("member-3").join(first.address()).start();
        ClusterPool pool = ClusterPool.on(first)) {
      List<ClusterMember> members = List.of(first, second, third);
      out.println(
          members.size() + " members: "
              + String.join(", ", members.stream().map(member -> member.info().name()).toList()));
      List<Count> counts = pool.map(Cluster01PoolMap::countPrimes, LIMITS, 1);
      for (Count count : counts) {
        out.println("primes below " + count.limit() + ": " + count.primes());
      }
      WorkLog log = pool.workLog();
      List<TaskRun> runs = log.runs().stream().sorted(Comparator.comparing(TaskRun::task)).toList();
      for (TaskRun run : runs) {
        out.println(run.task() + " ran on " + run.ranOn().name());
      }
      out.print(log.summary());
      List<Span> spans =
          runs.stream()
              .map(
                  run ->
                      new Span(
                          run.ranOn().name(), run.task(), run.startNanosSince(log.origin()), run.endNanosSince(log.origin())))
              .toList();
      Timeline.print(out, spans, List.of(), args);
    } // the pool closes, then the members leave, the last one first
  }

  /**
   * A member of this example's cluster: no wait before joining (they start one after another), one worker each,
   * this package allowed, and Hazelcast's own log off (its start-up lines would bury the output; keep it on in
   * real use).
   */
  private static ClusterMember.Builder member(String name) {
    return ClusterMember.builder()
        .clusterName("cluster-pool-map")
        .name(name)
        .joinWait(Duration.ZERO)
        .workers(1)
        .allow("dev.concurrency.examples.**")
        .property("hazelcast.logging.type", "none");
  }

  static Count countPrimes(int limit) {
    int primes = 0;
    for (int n = 2; n < limit; n++) {
      boolean prime = true;
      for (int d = 2; (long) d * d <= n; d++) {
        if (n % d == 0) {
          prime = false;
          break;
        }
      }
      primes += prime ? 1 : 0;
    }
    return new Count(limit, primes);
  }
}
