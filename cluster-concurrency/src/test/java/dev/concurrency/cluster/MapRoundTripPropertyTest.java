package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever goes out to the members in a map comes back equal and in order (the shared three-member cluster). */
final class MapRoundTripPropertyTest {

  private static ClusterPool pool;

  @BeforeContainer
  static void start() {
    pool = ClusterPool.on(TestCluster.shared().first());
  }

  @AfterContainer
  static void stop() {
    pool.close();
  }

  @Property(tries = 25)
  void map_identity_itemsComeBackEqualAndInOrder(
      @ForAll List<String> strings, @ForAll List<Long> numbers, @ForAll @IntRange(min = 1, max = 8) int chunkSize)
      throws Exception {
    List<Object> items = new java.util.ArrayList<>(strings);
    items.addAll(numbers);

    // bounded: jqwik does not apply JUnit's timeouts
    List<Object> back = CompletableFuture.supplyAsync(() -> pool.map(x -> x, items, chunkSize)).get(60, TimeUnit.SECONDS);

    assertThat(back).isEqualTo(items);
  }
}
