package dev.concurrency.model.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.common.base.Ticker;
import dev.concurrency.model.trace.Span;
import dev.concurrency.model.trace.Trace;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The code shown in the Javadoc of {@code dev.concurrency.model.timing} ({@code {@snippet class=... region=...}}),
 * run, with the figures its comments claim checked after each region.
 */
final class TimingSnippetsTest {

  @Test
  void seedFormula_againstTheEventLoop_threeSecondsAgainstTwo() {
    // @start region="seed"
    List<Task> tasks = List.of(Task.waiting("task1", Duration.ofSeconds(1)), Task.waiting("task2", Duration.ofSeconds(2)));
    TimingModel.sequential(tasks).wall();   // 3 s: the seed's T_total = T_1 + T_2
    TimingModel.eventLoop(tasks).wall();    // 2 s: the waits overlap
    // @end

    assertThat(TimingModel.sequential(tasks).wall()).isEqualTo(Duration.ofSeconds(3));
    assertThat(TimingModel.eventLoop(tasks).wall()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void timingModel_eachTechnique_predictsItsFormula() {
    List<Task> cpuTasks = List.of(Task.cpu("a", Duration.ofMillis(300)), Task.cpu("b", Duration.ofMillis(200)),
        Task.cpu("c", Duration.ofMillis(100)));
    // @start region="techniques"
    List<Task> io = List.of(Task.waiting("task1", Duration.ofSeconds(1)), Task.waiting("task2", Duration.ofSeconds(2)));
    TimingModel.sequential(io).wall();     // 3 s  = T_1 + T_2 (the seed's formula)
    TimingModel.eventLoop(io).wall();      // 2 s  = max(sum of CPU, max of waits)
    TimingModel.pool(cpuTasks, 2, 2);      // LPT list scheduling on 2 workers and 2 cores
    TimingModel.gil(cpuTasks, 2);          // CPU work serialised, as on CPython threads
    // @end

    assertThat(TimingModel.sequential(io).wall()).isEqualTo(Duration.ofSeconds(3));
    assertThat(TimingModel.eventLoop(io).wall()).isEqualTo(Duration.ofSeconds(2));
    assertThat(TimingModel.pool(cpuTasks, 2, 2).wall()).isEqualTo(Duration.ofMillis(300));
    assertThat(TimingModel.gil(cpuTasks, 2).wall()).isEqualTo(Duration.ofMillis(600));
  }

  @Test
  void comparison_summary_printsPredictedMeasuredAndError() {
    List<Task> tasks = List.of(Task.waiting("task1", Duration.ofSeconds(1)), Task.waiting("task2", Duration.ofSeconds(2)));
    Measurement measured = Measurement.of("asyncio-style", Duration.ofMillis(2_003));
    // @start region="comparison"
    Comparison c = new Comparison(TimingModel.eventLoop(tasks), measured);
    System.out.println(c.summary());
    // asyncio-style (model: event loop): predicted 2.000 s, measured 2.003 s (+0.2 %)
    // @end

    assertThat(c.summary()).isEqualTo("asyncio-style (model: event loop): predicted 2.000 s, measured 2.003 s (+0.2 %)");
  }

  /** A clock the test moves by hand: the trace of a run that took 2.004 s. */
  private static final class TwoSecondRun extends Ticker {
    private long nanos;

    @Override
    public long read() {
      long now = nanos;
      nanos += 2_004_000_000L; // each reading is 2.004 s after the last: start, then elapsed
      return now;
    }
  }

  @Test
  void readme_seedFormulaAndOverlapModel_besideOneMeasuredRun() {
    Trace trace = Trace.start(new TwoSecondRun());
    // @start region="readme"
    List<Task> io = List.of(Task.waiting("task1", Duration.ofSeconds(1)), Task.waiting("task2", Duration.ofSeconds(2)));
    Measurement run = Measurement.of("gather", trace);          // a Trace recorded around the real run
    System.out.print(ComparisonTable.render(List.of(
        new Comparison(TimingModel.sequential(io), run),         // predicted 3.000 s
        new Comparison(TimingModel.eventLoop(io), run))));       // predicted 2.000 s
    // @end

    assertThat(run.wall()).isEqualTo(Duration.ofMillis(2_004));
    assertThat(TimingModel.sequential(io).wall()).isEqualTo(Duration.ofSeconds(3));
    assertThat(TimingModel.eventLoop(io).wall()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void comparisonTable_render_oneLinePerRun() {
    List<Task> tasks = List.of(Task.cpu("a", Duration.ofSeconds(1)), Task.cpu("b", Duration.ofSeconds(1)));
    Duration oneThread = Duration.ofMillis(2_010);
    Duration twoThreads = Duration.ofMillis(1_030);
    // @start region="table"
    String table = ComparisonTable.render(List.of(
        new Comparison(TimingModel.sequential(tasks), Measurement.of("1 thread", oneThread)),
        new Comparison(TimingModel.pool(tasks, 2, 2), Measurement.of("2 threads", twoThreads))));
    System.out.print(table);
    // @end

    assertThat(table.lines().toList()).containsExactly(
        "run        model                 predicted  lower bound  measured   error",
        "1 thread   sequential              2.000 s      2.000 s   2.010 s  +0.5 %",
        "2 threads  2 workers on 2 cores    1.000 s      1.000 s   1.030 s  +3.0 %");
  }

  @Test
  void resources_demandAgainstCapacity() {
    List<Task> tasks = List.of(
        Task.cpu("a", Duration.ofSeconds(1)).withDemand(512),
        Task.cpu("b", Duration.ofSeconds(1)).withDemand(384),
        Task.cpu("c", Duration.ofSeconds(1)).withDemand(256),
        Task.cpu("d", Duration.ofSeconds(1)).withDemand(128));
    // @start region="resources"
    Resources.peakDemand(tasks, 1);                  // max R_i: one at a time
    Resources.peakDemand(tasks, tasks.size());       // sum R_i: the seed's R_total, everything at once
    Resources.utilisation(tasks, 4, 1024);           // worst case with 4 running, as a fraction of 1024
    Resources.saturationPoint(tasks, 1024);          // how many may run at once before demand exceeds capacity
    // @end

    assertThat(Resources.peakDemand(tasks, 1)).isEqualTo(512);
    assertThat(Resources.peakDemand(tasks, tasks.size())).isEqualTo(Resources.totalDemand(tasks)).isEqualTo(1280);
    assertThat(Resources.utilisation(tasks, 4, 1024)).isEqualTo(1.25);
    assertThat(Resources.saturationPoint(tasks, 1024)).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void task_withDemand_holdsTheResourceForItsDuration() {
    // @start region="task"
    Task.cpu("hash", Duration.ofMillis(300)).withDemand(64);   // 300 ms of CPU holding 64 MB
    // @end

    assertThat(Task.cpu("hash", Duration.ofMillis(300)).withDemand(64))
        .isEqualTo(new Task("hash", TaskKind.CPU, Duration.ofMillis(300), 64));
  }

  @Test
  void littlesLaw_workersAndThroughput() {
    // @start region="little"
    LittlesLaw.inSystem(200, Duration.ofMillis(50));   // 10.0: 200 req/s of 50 ms each keep 10 workers busy
    LittlesLaw.throughput(10, Duration.ofMillis(50));  // 200.0 req/s at most from a pool of 10
    // @end

    assertThat(LittlesLaw.inSystem(200, Duration.ofMillis(50))).isCloseTo(10.0, within(1e-9));
    assertThat(LittlesLaw.throughput(10, Duration.ofMillis(50))).isCloseTo(200.0, within(1e-9));
  }

  @Test
  void speedup_amdahlAndGustafson() {
    // @start region="speedup"
    Speedup.amdahl(0.9, 4);      // 3.08: a fixed job, 10 % serial, on 4 cores
    Speedup.amdahlLimit(0.9);    // 10.0: no number of cores beats 1 / (1 - p)
    Speedup.gustafson(0.9, 4);   // 3.70: the job grows with the cores
    // @end

    assertThat(Speedup.amdahl(0.9, 4)).isCloseTo(3.08, within(0.005));
    assertThat(Speedup.amdahlLimit(0.9)).isCloseTo(10.0, within(1e-9));
    assertThat(Speedup.gustafson(0.9, 4)).isCloseTo(3.70, within(1e-9));
  }

  @Test
  void prediction_plus_addsAnOverheadToTheWallTime() {
    List<Task> tasks = List.of(Task.cpu("a", Duration.ofSeconds(1)), Task.cpu("b", Duration.ofSeconds(1)));
    // @start region="plus"
    Prediction withStart = TimingModel.pool(tasks, 2, 2).plus("process start", Duration.ofMillis(2 * 60));
    // @end

    assertThat(withStart.wall()).isEqualTo(Duration.ofMillis(1_120));
    assertThat(withStart.lowerBound()).isEqualTo(Duration.ofSeconds(1));
    assertThat(withStart.technique()).endsWith(" + process start");
    assertThat(withStart.schedule()).extracting(Span::name).containsExactlyInAnyOrder("a", "b");
  }
}
