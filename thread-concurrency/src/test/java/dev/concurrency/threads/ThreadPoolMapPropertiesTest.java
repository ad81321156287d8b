package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * ThreadPool.imap against the sequential map it stands for: for any input, chunk size and buffer size, the same
 * results in the same order, and a failure at the first failing item, never elsewhere.
 */
final class ThreadPoolMapPropertiesTest {

  private static ThreadPool pool;

  @BeforeContainer
  static void startPool() {
    pool = ThreadPool.builder().workers(3).name("map-properties").build();
  }

  @AfterContainer
  static void stopPool() throws InterruptedException {
    pool.shutdown(/* wait= */ true, /* cancelFutures= */ true);
  }

  private static MapOptions options(int chunkSize, int bufferSize) {
    return MapOptions.DEFAULTS.withChunkSize(chunkSize).withBufferSize(bufferSize == 0 ? null : bufferSize);
  }

  @Property(tries = 150)
  void imap_anyInput_sameResultsInOrderAsSequentialMap(
      @ForAll @Size(max = 60) List<Integer> items,
      @ForAll @IntRange(min = 1, max = 8) int chunkSize,
      @ForAll @IntRange(min = 0, max = 8) int bufferSize)
      throws Exception {
    List<Long> expected = items.stream().map(x -> 3L * x + 1).toList();
    List<Long> actual = new ArrayList<>();
    try (MapIterator<Long> results = pool.imap(x -> 3L * x + 1, items, options(chunkSize, bufferSize))) {
      while (results.hasNext()) {
        actual.add(results.take());
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Property(tries = 150)
  void imap_someItemsFail_resultsUpToTheFirstFailureThenItsException(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -5, max = 5) Integer> items,
      @ForAll @IntRange(min = 1, max = 6) int chunkSize,
      @ForAll @IntRange(min = 0, max = 6) int bufferSize)
      throws Exception {
    int firstZero = items.indexOf(0);
    List<Integer> got = new ArrayList<>();
    Throwable failure = null;
    try (MapIterator<Integer> results = pool.imap(x -> 60 / x, items, options(chunkSize, bufferSize))) {
      while (results.hasNext()) {
        got.add(results.take());
      }
    } catch (ExecutionException e) {
      failure = e.getCause();
    }
    int ok = firstZero < 0 ? items.size() : firstZero;
    assertThat(got).containsExactlyElementsOf(items.subList(0, ok).stream().map(x -> 60 / x).toList());
    if (firstZero < 0) {
      assertThat(failure).isNull();
    } else {
      assertThat(failure).isInstanceOf(ArithmeticException.class);
    }
  }
}
