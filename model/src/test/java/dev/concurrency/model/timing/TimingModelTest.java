package dev.concurrency.model.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.model.trace.Span;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

final class TimingModelTest {

  private static final Duration S1 = Duration.ofSeconds(1);
  private static final Duration S2 = Duration.ofSeconds(2);

  /** The seed's asyncio sample: two waits, 1 s and 2 s. */
  private static final List<Task> SEED = List.of(Task.waiting("task1", S1), Task.waiting("task2", S2));

  private static List<Task> cpu(long... millis) {
    return Arrays.stream(millis).mapToObj(ms -> Task.cpu("c" + ms, Duration.ofMillis(ms))).toList();
  }

  @Test
  void sequential_seedSample_isTheSeedsSum() {
    Prediction p = TimingModel.sequential(SEED);

    assertThat(p.wall()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.schedule())
        .containsExactly(new Span("main", "task1", 0, 1_000_000_000L), new Span("main", "task2", 1_000_000_000L, 3_000_000_000L));
  }

  @Test
  void eventLoop_seedSample_wallIsTheLongestWait() {
    Prediction p = TimingModel.eventLoop(SEED);

    assertThat(p.wall()).isEqualTo(S2);
    assertThat(p.schedule()).extracting(Span::startNanos).containsOnly(0L);
  }

  @Test
  void eventLoop_cpuWorkDoesNotOverlap_wallIsCpuSumWhenLonger() {
    List<Task> tasks = List.of(Task.cpu("a", S1), Task.cpu("b", S2), Task.waiting("w", S2));

    assertThat(TimingModel.eventLoop(tasks).wall()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void pool_classicLptExample_matchesHandSchedule() {
    // LPT on 2 machines for 3,3,2,2,2: LPT gives 7 (3+2+2 | 3+2), while the optimum is 6 (3+3 | 2+2+2).
    Prediction p = TimingModel.pool(cpu(3, 3, 2, 2, 2), 2, 2);

    assertThat(p.wall()).isEqualTo(Duration.ofMillis(7));
    assertThat(p.lowerBound()).isEqualTo(Duration.ofMillis(6));
    assertThat(p.schedule()).hasSize(5);
  }

  @Test
  void pool_moreWorkersThanCores_cpuWorkSharesTheCores() {
    // four 1 s CPU tasks on four threads but two cores: 2 s, not 1 s
    Prediction p = TimingModel.pool(cpu(1000, 1000, 1000, 1000), 4, 2);

    assertThat(p.wall()).isEqualTo(S2);
    assertThat(p.schedule()).extracting(Span::lane).containsExactlyInAnyOrder("worker-0", "worker-1", "worker-2", "worker-3");
  }

  @Test
  void pool_waitsNeedNoCore_overlapOnOneCore() {
    Prediction p = TimingModel.pool(SEED, 2, 1);

    assertThat(p.wall()).isEqualTo(S2);
  }

  @Test
  void gil_cpuTasksOnTwoThreads_serialisedLikeSequential() {
    List<Task> tasks = List.of(Task.cpu("a", S1), Task.cpu("b", S1));

    assertThat(TimingModel.gil(tasks, 2).wall()).isEqualTo(S2);
    assertThat(TimingModel.pool(tasks, 2, 2).wall()).isEqualTo(S1);
    assertThat(TimingModel.gil(SEED, 2).wall()).isEqualTo(S2);
  }

  @Test
  void lowerBound_formula_maxOfLongestCpuShareAndWorkerShare() {
    assertThat(TimingModel.lowerBound(cpu(5, 1, 1, 1), 4, 4)).isEqualTo(Duration.ofMillis(5));
    assertThat(TimingModel.lowerBound(cpu(2, 2, 2, 2), 4, 2)).isEqualTo(Duration.ofMillis(4));
    assertThat(TimingModel.lowerBound(List.of(), 1, 1)).isEqualTo(Duration.ZERO);
  }

  @Test
  void badArguments_rejectedWithReason() {
    assertThatThrownBy(() -> TimingModel.pool(SEED, 0, 1)).hasMessageContaining("workers is 0");
    assertThatThrownBy(() -> TimingModel.pool(SEED, 1, 0)).hasMessageContaining("cores is 0");
    assertThatThrownBy(() -> TimingModel.gil(SEED, 0)).hasMessageContaining("threads is 0");
    assertThatThrownBy(() -> TimingModel.lowerBound(SEED, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TimingModel.sequential(Arrays.asList(Task.cpu("a", S1), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("null task");
  }

  @Property(tries = 200)
  void pool_cpuOnly_withinGrahamBoundOfLowerBound(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 1000) Integer> millis,
      @ForAll @IntRange(min = 1, max = 6) int workers,
      @ForAll @IntRange(min = 1, max = 6) int cores) {
    List<Task> tasks = millis.stream().map(ms -> Task.cpu("t", Duration.ofMillis(ms))).toList();
    Prediction p = TimingModel.pool(tasks, workers, cores);
    long sum = millis.stream().mapToLong(Integer::longValue).sum() * 1_000_000L;
    long max = millis.stream().mapToLong(Integer::longValue).max().orElseThrow() * 1_000_000L;
    int m = Math.min(workers, cores);

    assertThat(p.wall()).isGreaterThanOrEqualTo(p.lowerBound());
    // Graham: any list schedule on m machines ends by sum/m + (1 - 1/m) max
    assertThat((double) p.wall().toNanos()).isLessThanOrEqualTo(sum / (double) m + (1 - 1.0 / m) * max + 2);
    assertThat(p.wall()).isLessThanOrEqualTo(TimingModel.sequential(tasks).wall());
  }

  @Property(tries = 200)
  void everyModel_betweenLowerBoundAndSequentialSum(
      @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 500) Integer> millis,
      @ForAll @Size(max = 10) List<Boolean> cpuFlags,
      @ForAll @IntRange(min = 1, max = 4) int workers) {
    List<Task> tasks =
        java.util.stream.IntStream.range(0, millis.size())
            .mapToObj(
                i -> {
                  boolean isCpu = i < cpuFlags.size() && cpuFlags.get(i);
                  Duration d = Duration.ofMillis(millis.get(i));
                  return isCpu ? Task.cpu("t" + i, d) : Task.waiting("t" + i, d);
                })
            .toList();
    Duration sequential = TimingModel.sequential(tasks).wall();
    for (Prediction p :
        List.of(TimingModel.eventLoop(tasks), TimingModel.pool(tasks, workers, 2), TimingModel.gil(tasks, workers))) {
      assertThat(p.wall()).as(p.technique()).isLessThanOrEqualTo(sequential);
      assertThat(p.wall()).as(p.technique()).isGreaterThanOrEqualTo(p.lowerBound());
      assertThat(p.schedule()).as(p.technique()).hasSize(tasks.size());
    }
  }
}
