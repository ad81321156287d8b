package dev.concurrency.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Holt's reduction against a brute-force search over every order of the processes: on random small graphs
 * (several units per resource, multi-resource requests, queues, producers) both must find the same reducible
 * processes, and the order the reduction reports must itself be a valid reduction sequence.
 */
final class ReductionTest {

  /** A random graph: free units, and per process its request, holdings, queue predecessor and fed resource. */
  record Graph(long[] free, List<long[]> requests, List<long[]> holdings, int[] ahead, int[] feeds, boolean[] fed) {

    Reduction reduction() {
      Reduction reduction = new Reduction(free);
      for (int p = 0; p < requests.size(); p++) {
        reduction.addProcess(
            indices(requests.get(p)), amounts(requests.get(p)), indices(holdings.get(p)), amounts(holdings.get(p)));
      }
      for (int p = 0; p < ahead.length; p++) {
        if (ahead[p] >= 0) {
          reduction.servedAfter(p, ahead[p]);
        }
        if (feeds[p] >= 0) {
          reduction.feeds(p, feeds[p]);
        }
      }
      for (int r = 0; r < fed.length; r++) {
        if (fed[r]) {
          reduction.fed(r);
        }
      }
      return reduction;
    }

    /** Whether {@code p} can be reduced once the processes in {@code done} have been. */
    boolean canReduce(int p, boolean[] done) {
      if (ahead[p] >= 0 && !done[ahead[p]]) {
        return false;
      }
      long[] work = free.clone();
      boolean[] fedNow = fed.clone();
      for (int q = 0; q < done.length; q++) {
        if (done[q]) {
          for (int r = 0; r < work.length; r++) {
            work[r] += holdings.get(q)[r];
          }
          if (feeds[q] >= 0) {
            fedNow[feeds[q]] = true;
          }
        }
      }
      for (int r = 0; r < work.length; r++) {
        if (requests.get(p)[r] > 0 && !fedNow[r] && requests.get(p)[r] > work[r]) {
          return false;
        }
      }
      return true;
    }

    /** The greatest set reachable by reducing one process at a time, by plain search. */
    boolean[] bruteForce() {
      boolean[] done = new boolean[requests.size()];
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int p = 0; p < done.length; p++) {
          if (!done[p] && canReduce(p, done)) {
            done[p] = true;
            progress = true;
          }
        }
      }
      return done;
    }
  }

  private static int[] indices(long[] dense) {
    List<Integer> at = new ArrayList<>();
    for (int r = 0; r < dense.length; r++) {
      if (dense[r] > 0) {
        at.add(r);
      }
    }
    return at.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long[] amounts(long[] dense) {
    return java.util.Arrays.stream(dense).filter(units -> units > 0).toArray();
  }

  @Provide
  Arbitrary<Graph> graphs() {
    Arbitrary<Integer> processes = Arbitraries.integers().between(1, 6);
    Arbitrary<Integer> resources = Arbitraries.integers().between(1, 3);
    return Combinators.combine(processes, resources)
        .flatAs(
            (p, r) -> {
              Arbitrary<long[]> vector = Arbitraries.longs().between(0, 3).array(long[].class).ofSize(r);
              Arbitrary<List<long[]>> rows = vector.list().ofSize(p);
              Arbitrary<int[]> ahead = Arbitraries.integers().between(-3, p - 1).array(int[].class).ofSize(p);
              Arbitrary<int[]> feeds = Arbitraries.integers().between(-4, r - 1).array(int[].class).ofSize(p);
              Arbitrary<boolean[]> fed =
                  Arbitraries.of(true, false, false, false).array(boolean[].class).ofSize(r);
              return Combinators.combine(vector, rows, rows, ahead, feeds, fed)
                  .as(
                      (free, requests, holdings, before, feeding, fedFromStart) -> {
                        int[] after = before.clone();
                        for (int i = 0; i < after.length; i++) {
                          if (after[i] == i) {
                            after[i] = -1; // a process cannot queue behind itself
                          }
                        }
                        int[] producing = feeding.clone();
                        for (int i = 0; i < producing.length; i++) {
                          producing[i] = Math.max(producing[i], -1);
                        }
                        return new Graph(free, requests, holdings, after, producing, fedFromStart);
                      });
            });
  }

  @Property(tries = 500)
  void reduction_findsExactlyTheProcessesAPlainSearchFinds(@ForAll("graphs") Graph graph) {
    Reduction.Result result = graph.reduction().run();
    boolean[] expected = graph.bruteForce();
    for (int p = 0; p < expected.length; p++) {
      assertThat(result.reduced(p)).as("process %s", p).isEqualTo(expected[p]);
    }
    assertThat(result.complete()).isEqualTo(result.order().length == expected.length);
  }

  @Property(tries = 500)
  void reductionOrder_isAValidSequence_lowestReadyProcessFirst(@ForAll("graphs") Graph graph) {
    Reduction.Result result = graph.reduction().run();
    boolean[] done = new boolean[graph.requests().size()];
    for (int p : result.order()) {
      assertThat(graph.canReduce(p, done)).as("process %s can be reduced at its turn", p).isTrue();
      for (int q = 0; q < p; q++) {
        if (!done[q] && graph.canReduce(q, done)) {
          throw new AssertionError("process " + q + " was ready before " + p + " but went later");
        }
      }
      done[p] = true;
    }
  }

  // Silberschatz's detection algorithm example: not deadlocked; then P2 asks for one more C, and P1..P4 are
  @Test
  void textbookDetectionExample_deadlocksOnceP2AsksForMore() {
    long[][] allocation = {{0, 1, 0}, {2, 0, 0}, {3, 0, 3}, {2, 1, 1}, {0, 0, 2}};
    long[][] request = {{0, 0, 0}, {2, 0, 2}, {0, 0, 0}, {1, 0, 0}, {0, 0, 2}};
    Reduction.Result before = detection(allocation, request);
    assertThat(before.complete()).isTrue();
    assertThat(before.order()).containsExactly(0, 2, 1, 3, 4);

    request[2] = new long[] {0, 0, 1};
    Reduction.Result after = detection(allocation, request);
    assertThat(after.complete()).isFalse();
    assertThat(after.reduced()).containsExactly(true, false, false, false, false);
  }

  private static Reduction.Result detection(long[][] allocation, long[][] request) {
    Reduction reduction = new Reduction(new long[] {0, 0, 0});
    for (int p = 0; p < allocation.length; p++) {
      reduction.addProcess(indices(request[p]), amounts(request[p]), indices(allocation[p]), amounts(allocation[p]));
    }
    return reduction.run();
  }

  @Test
  void badInput_isRejected() {
    Reduction reduction = new Reduction(new long[] {1});
    assertThatThrownBy(() -> reduction.addProcess(new int[] {0}, new long[0], new int[0], new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
    reduction.addProcess(new int[0], new long[0], new int[0], new long[0]);
    assertThatThrownBy(() -> reduction.servedAfter(0, 0)).isInstanceOf(IllegalArgumentException.class);
    Reduction.Result result = reduction.run();
    assertThat(result).isEqualTo(new Reduction.Result(new int[] {0}, new boolean[] {true}));
    assertThat(result.hashCode()).isEqualTo(new Reduction.Result(new int[] {0}, new boolean[] {true}).hashCode());
    assertThat(result.toString()).contains("order=[0]");
  }
}
