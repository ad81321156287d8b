package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.MemberLeftException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member killed mid-map: a fourth member in a JVM of its own joins the shared cluster, takes its share of a map's
 * chunks, blocks in them, and is killed (SIGKILL). At most once, the map fails with a {@link TaskLostException}
 * naming it, and its chunks are not run anywhere else; at least once, they run again on the survivors and the map
 * completes. Either way within a bound, never a hang.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
final class MemberLeftTest {

  /** A child JVM member on a loaded 2-core machine starts in 5 to 30 s; Hazelcast notices a kill in seconds. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  /** How often each item ran in this JVM (the three shared members); the child's runs are not counted here. */
  private static final Map<Integer, AtomicInteger> RUNS_HERE = new ConcurrentHashMap<>();

  private static TestCluster cluster;
  private ChildMember child;

  @BeforeAll
  static void start() {
    cluster = TestCluster.shared();
  }

  @AfterEach
  void killChild() throws InterruptedException {
    if (child != null) {
      child.close();
    }
    assertThat(cluster.first().awaitMembers(3, PATIENCE)).isTrue();
    RUNS_HERE.clear();
  }

  /** The map's function: on the child it announces itself and blocks until the JVM dies; here it squares. */
  static int squareUnlessChild(int x) {
    if (ChildMember.here()) {
      System.out.println("RUNNING " + x);
      System.out.flush();
      while (true) {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // until the test kills this JVM
      }
    }
    RUNS_HERE.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
    return x * x;
  }

  @Test
  void atMostOnce_memberKilledMidMap_mapFailsNamingItAndItsChunksDoNotRunAgain() throws Exception {
    child = ChildMember.join(cluster, PATIENCE);
    assertThat(cluster.first().awaitMembers(4, PATIENCE)).isTrue();
    MemberInfo childInfo = memberAt(child.address());
    try (ClusterPool pool = ClusterPool.on(cluster.first())) {
      List<Integer> items = IntStream.range(0, 16).boxed().toList();
      CompletableFuture<List<Integer>> map =
          CompletableFuture.supplyAsync(() -> pool.map(MemberLeftTest::squareUnlessChild, items, 2));
      assertThat(child.awaitLine(line -> line.startsWith("RUNNING "), PATIENCE)).as("a chunk runs on the child").isNotNull();

      long killed = System.nanoTime();
      child.kill();

      assertThatThrownBy(() -> map.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              TaskLostException.class,
              lost -> {
                assertThat(lost.member()).isEqualTo(childInfo);
                assertThat(lost).hasMessageContaining("child (" + child.address() + ")").hasMessageContaining("not run again");
                assertThat(lost.getCause()).isInstanceOf(MemberLeftException.class);
              });
      System.out.printf("the kill was noticed after %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
      // the chunks dealt to the child (every fourth, from its place in the rotation) never ran here
      List<TaskRun> lost = pool.workLog().runs().stream().filter(run -> run.status() == TaskRun.Status.LOST).toList();
      assertThat(lost).isNotEmpty().allMatch(run -> run.sentTo().equals(childInfo) && run.ranOn().equals(childInfo));
      awaitQuiet(pool);
      for (TaskRun run : lost) {
        for (int item : items(run)) {
          assertThat(RUNS_HERE).as("item %d of a lost chunk", item).doesNotContainKey(item);
        }
      }
      assertThat(RUNS_HERE.values()).allMatch(runs -> runs.get() == 1);
    }
  }

  @Test
  void atLeastOnce_memberKilledMidMap_itsChunksRunAgainAndTheMapCompletes() throws Exception {
    child = ChildMember.join(cluster, PATIENCE);
    assertThat(cluster.first().awaitMembers(4, PATIENCE)).isTrue();
    awaitPartitionsSettled();
    MemberInfo childInfo = memberAt(child.address());
    try (ClusterPool pool = ClusterPool.builder(cluster.first()).delivery(Delivery.AT_LEAST_ONCE).build()) {
      List<Integer> items = IntStream.range(0, 16).boxed().toList();
      CompletableFuture<List<Integer>> map =
          CompletableFuture.supplyAsync(() -> pool.map(MemberLeftTest::squareUnlessChild, items, 2));
      assertThat(child.awaitLine(line -> line.startsWith("RUNNING "), PATIENCE)).as("a chunk runs on the child").isNotNull();

      child.kill();

      assertThat(map.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(items.stream().map(x -> x * x).toList());
      List<TaskRun> moved = pool.workLog().runs().stream().filter(TaskRun::moved).toList();
      assertThat(moved).as("chunks sent to the child ran on a survivor").isNotEmpty();
      assertThat(moved).allMatch(run -> run.sentTo().equals(childInfo) && !run.ranOn().equals(childInfo));
      assertThat(pool.workLog().runs()).noneMatch(run -> run.status() == TaskRun.Status.LOST);
      assertThat(RUNS_HERE.keySet()).containsExactlyInAnyOrderElementsOf(items);
    }
  }

  private static MemberInfo memberAt(String address) {
    return cluster.first().members().stream().filter(member -> member.address().equals(address)).findFirst().orElseThrow();
  }

  /** The items of a chunk, from its label: "map 1, chunk 3 (items 6-7)". */
  private static List<Integer> items(TaskRun run) {
    String range = run.task().substring(run.task().indexOf("items ") + 6, run.task().length() - 1);
    int dash = range.indexOf('-');
    return IntStream.rangeClosed(Integer.parseInt(range.substring(0, dash)), Integer.parseInt(range.substring(dash + 1)))
        .boxed()
        .toList();
  }

  /** Waits until every chunk sent to a survivor has come back, so that none is still on its way to run. */
  private static void awaitQuiet(ClusterPool pool) throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  /** Waits until no partition is migrating, so that a durable task is not moved (and re-run) by the join itself. */
  private static void awaitPartitionsSettled() {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!cluster.first().hazelcast().getPartitionService().isClusterSafe()) {
      assertThat(System.nanoTime() - deadline).as("partitions settled within %s", PATIENCE).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
