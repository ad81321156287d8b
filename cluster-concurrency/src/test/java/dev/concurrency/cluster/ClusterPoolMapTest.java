package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * map, imap, imapUnordered and starmap on the shared three-member cluster, ported from what CPython's
 * {@code _test_multiprocessing.py} {@code _TestPool} checks of {@code multiprocessing.Pool} (named per test).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class ClusterPoolMapTest {

  private static TestCluster cluster;
  private static ClusterPool pool;

  @BeforeAll
  static void start() {
    cluster = TestCluster.shared();
    pool = ClusterPool.on(cluster.first());
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  static int sqr(int x) {
    return x * x;
  }

  static int failOn(int x, int bad) {
    if (x == bad) {
      throw new IllegalArgumentException("bad item " + x);
    }
    return x;
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static List<Integer> squares(int n) {
    return IntStream.range(0, n).map(x -> x * x).boxed().toList();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map
  @Test
  void map_resultsInInputOrderAndComplete() {
    assertThat(pool.map(ClusterPoolMapTest::sqr, range(10), 1)).isEqualTo(squares(10));
    assertThat(pool.map(ClusterPoolMapTest::sqr, range(100), 4)).isEqualTo(squares(100));
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_chunksize
  @Test
  void map_anyChunkSize_sameResults() {
    for (int chunkSize : List.of(1, 3, 7, 50, 99, 100, 1000)) {
      assertThat(pool.map(ClusterPoolMapTest::sqr, range(99), chunkSize)).as("chunkSize %d", chunkSize).isEqualTo(squares(99));
    }
  }

  @Test
  void map_chunksAreDealtToEveryMemberAndLogged() {
    ClusterPool fresh = ClusterPool.on(cluster.first());
    try {
      assertThat(fresh.map(ClusterPoolMapTest::sqr, range(30), 5)).isEqualTo(squares(30));

      List<TaskRun> runs = fresh.workLog().runs();
      assertThat(runs).hasSize(6).allMatch(run -> run.task().startsWith("map 1, chunk "));
      assertThat(runs.stream().map(TaskRun::task)).contains("map 1, chunk 0 (items 0-4)", "map 1, chunk 5 (items 25-29)");
      assertThat(fresh.workLog().countsByMember()).hasSize(3).allSatisfy((member, count) -> assertThat(count).isEqualTo(2L));
    } finally {
      fresh.close();
    }
  }

  @Test
  void map_defaultChunkSize_aboutFourChunksPerMember() {
    assertThat(ClusterPool.defaultChunkSize(100, 3)).isEqualTo(9);
    assertThat(ClusterPool.defaultChunkSize(12, 3)).isEqualTo(1);
    assertThat(ClusterPool.defaultChunkSize(0, 3)).isEqualTo(1);
    assertThat(ClusterPool.defaultChunkSize(13, 0)).isEqualTo(4);
    Iterable<Integer> notACollection = () -> range(50).iterator();
    assertThat(pool.map(ClusterPoolMapTest::sqr, notACollection)).isEqualTo(squares(50));
  }

  // CPython: _test_multiprocessing.py _TestPool.test_empty_iterable
  @Test
  void map_emptyInput_emptyResultsAndNoTask() {
    long before = pool.workLog().runs().size();

    assertThat(pool.map(ClusterPoolMapTest::sqr, List.<Integer>of(), 1)).isEmpty();
    assertThat(pool.map(ClusterPoolMapTest::sqr, List.<Integer>of())).isEmpty();
    assertThat(pool.imap(ClusterPoolMapTest::sqr, List.<Integer>of(), 1).hasNext()).isFalse();
    assertThat(pool.imapUnordered(ClusterPoolMapTest::sqr, List.<Integer>of(), 1).hasNext()).isFalse();
    assertThat(pool.starmap(Integer::sum, List.<Map.Entry<Integer, Integer>>of(), 1)).isEmpty();
    assertThat(pool.workLog().runs()).hasSize((int) before);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_chunksize (a chunk size below 1 is refused)
  @Test
  void map_chunkSizeBelowOne_refused() {
    assertThatThrownBy(() -> pool.map(ClusterPoolMapTest::sqr, range(3), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunkSize must be at least 1, was 0");
    assertThatThrownBy(() -> pool.imap(ClusterPoolMapTest::sqr, range(3), -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool.starmap(Integer::sum, List.of(Map.entry(1, 2)), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map (an item that raises fails the map with its exception)
  @Test
  void map_anItemThrows_mapThrowsItsRemoteException() {
    assertThatThrownBy(() -> pool.map(x -> failOn(x, 7), range(20), 3))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo(IllegalArgumentException.class.getName());
              assertThat(e.remoteMessage()).isEqualTo("bad item 7");
            });
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_unplicklable
  @Test
  void map_functionNotSerializable_refusedBeforeAnyTask() {
    Object lock = new Object();

    assertThatThrownBy(() -> pool.map(x -> lock.hashCode() + x, range(5), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be sent to a cluster member");
  }

  // CPython: _test_multiprocessing.py _TestPool.test_map_unplicklable
  @Test
  void map_itemNotSerializable_refused() {
    List<Object> items = List.of(new Object());

    assertThatThrownBy(() -> pool.map(Object::hashCode, items, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap
  @Test
  void imap_resultsInOrder_thenNoSuchElement() {
    Iterator<Integer> results = pool.imap(ClusterPoolMapTest::sqr, range(10), 1);
    List<Integer> all = new ArrayList<>();
    results.forEachRemaining(all::add);

    assertThat(all).isEqualTo(squares(10));
    assertThat(results.hasNext()).isFalse();
    assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);

    List<Integer> chunked = new ArrayList<>();
    pool.imap(ClusterPoolMapTest::sqr, range(1000), 100).forEachRemaining(chunked::add);
    assertThat(chunked).isEqualTo(squares(1000));
  }

  @Test
  void imap_readsItsInputLazily_aWindowAhead() {
    AtomicInteger read = new AtomicInteger();
    Iterable<Integer> counted =
        () ->
            new Iterator<>() {
              private int next;

              @Override
              public boolean hasNext() {
                return next < 1000;
              }

              @Override
              public Integer next() {
                read.incrementAndGet();
                return next++;
              }
            };
    ClusterPool windowed = ClusterPool.builder(cluster.first()).imapWindow(2).build();
    try {
      Iterator<Integer> results = windowed.imap(ClusterPoolMapTest::sqr, counted, 10);
      assertThat(read).hasValue(0);

      assertThat(results.next()).isZero();

      assertThat(read.get()).isBetween(10, 30);
    } finally {
      windowed.close();
    }
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_handle_iterable_exception
  @Test
  void imap_aChunkThrows_itsExceptionOnceThenTheNextChunk() {
    Iterator<Integer> results = pool.imap(x -> failOn(x, 3), range(10), 2);

    assertThat(results.next()).isEqualTo(0);
    assertThat(results.next()).isEqualTo(1);
    assertThatThrownBy(results::next).isInstanceOf(RemoteException.class).hasMessageContaining("bad item 3");
    List<Integer> rest = new ArrayList<>();
    results.forEachRemaining(rest::add);
    assertThat(rest).isEqualTo(List.of(4, 5, 6, 7, 8, 9));
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_unordered
  @Test
  void imapUnordered_everyResultOnce() {
    List<Integer> all = new ArrayList<>();
    pool.imapUnordered(ClusterPoolMapTest::sqr, range(100), 7).forEachRemaining(all::add);

    assertThat(all).containsExactlyInAnyOrderElementsOf(squares(100));
  }

  // CPython: _test_multiprocessing.py _TestPool.test_imap_unordered_handle_iterable_exception
  @Test
  void imapUnordered_aChunkThrows_theOthersStillCome() {
    Iterator<Integer> results = pool.imapUnordered(x -> failOn(x, 5), range(10), 1);
    List<Integer> got = new ArrayList<>();
    int failures = 0;
    while (results.hasNext()) {
      try {
        got.add(results.next());
      } catch (RemoteException e) {
        failures++;
      }
    }

    assertThat(failures).isEqualTo(1);
    assertThat(got).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 6, 7, 8, 9);
  }

  // CPython: _test_multiprocessing.py _TestPool.test_starmap
  @Test
  void starmap_unpacksEachPair() {
    List<Map.Entry<Integer, Integer>> pairs = IntStream.range(0, 10).mapToObj(i -> Map.entry(i, i + 1)).toList();

    assertThat(pool.starmap(Integer::sum, pairs, 3)).isEqualTo(IntStream.range(0, 10).map(i -> 2 * i + 1).boxed().toList());
    assertThat(pool.starmap(Math::pow, List.of(Map.entry(2.0, 10.0)))).containsExactly(1024.0);
    assertThat(pool.starmap((String a, String b) -> a + b, List.of(Map.entry("x", "y")), 1)).containsExactly("xy");
  }

  @Test
  void atLeastOnce_mapAndSubmit_sameResultsDealtInTurn() throws Exception {
    ClusterPool durable = ClusterPool.builder(cluster.first()).delivery(Delivery.AT_LEAST_ONCE).build();
    try {
      assertThat(durable.delivery()).isEqualTo(Delivery.AT_LEAST_ONCE);
      assertThat(durable.map(ClusterPoolMapTest::sqr, range(30), 5)).isEqualTo(squares(30));
      assertThat(durable.workLog().countsByMember()).hasSize(3);
      assertThat(durable.submit(() -> 42, Placement.byKey("k")).get(60, TimeUnit.SECONDS)).isEqualTo(42);
      assertThatThrownBy(() -> durable.submit(() -> 1, Placement.onMember(cluster.first().info())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot be delivered at least once");
      assertThatThrownBy(() -> durable.map(x -> failOn(x, 2), range(4), 1)).isInstanceOf(RemoteException.class);
    } finally {
      durable.close();
    }
  }
}
