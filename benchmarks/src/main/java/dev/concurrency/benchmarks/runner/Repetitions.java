package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Scale;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How one workload runs in its fresh process, the same for every system (the Python peers follow it in {@code
 * peer_common.measure}): warm-up runs until the runtime is steady, then measured runs whose median per metric is
 * reported.
 *
 * <p>At {@link Scale#FULL} a workload warms up for at least {@value #WARM_UP_MIN_RUNS} runs and {@value
 * #WARM_UP_MIN_SECONDS} seconds (at most {@value #WARM_UP_MAX_RUNS} runs), because a JVM's JIT needs more than
 * one run of the event-loop workloads to compile their hot paths (E1 on this project: about 50k tasks/s on the
 * first run, 0.3M to 1.5M from the third, 2026-11-24); then {@value #MEASURED_RUNS} runs are measured and each
 * metric's median is reported, which keeps one run disturbed by another process on the shared cores out of
 * the table. The {@linkplain WorkloadNames#COLD cold} workloads measure start-up, so they run once. At {@link
 * Scale#QUICK} (a smoke test) every workload runs once to warm up, unless cold, and once measured.
 *
 * <p>Every run's own checks apply, warm-up runs included. Stateless and thread-safe.
 */
final class Repetitions {

  static final int WARM_UP_MIN_RUNS = 2;
  static final double WARM_UP_MIN_SECONDS = 2.0;
  static final int WARM_UP_MAX_RUNS = 20;
  static final int MEASURED_RUNS = 3;

  private Repetitions() {}

  /** Runs {@code workload} by the protocol above and returns the reported figures. */
  static List<Figure> measure(Workload workload, Scale scale) throws Exception {
    return measure(workload, scale, System::nanoTime);
  }

  static List<Figure> measure(Workload workload, Scale scale, LongSupplier nanoClock) throws Exception {
    requireNonNull(workload, "workload");
    if (!WorkloadNames.warmsUp(workload.name())) {
      return workload.run(scale);
    }
    boolean full = scale == Scale.FULL;
    long start = nanoClock.getAsLong();
    int runs = 0;
    do {
      workload.run(scale); // figures dropped, checks still apply
      runs++;
    } while (full && runs < WARM_UP_MAX_RUNS
        && (runs < WARM_UP_MIN_RUNS || nanoClock.getAsLong() - start < WARM_UP_MIN_SECONDS * 1e9));
    List<List<Figure>> measured = new ArrayList<>();
    for (int i = 0; i < (full ? MEASURED_RUNS : 1); i++) {
      measured.add(workload.run(scale));
    }
    return medians(measured);
  }

  /** Each metric's median over the runs, in the first run's order; the upper median for an even count. */
  static List<Figure> medians(List<List<Figure>> runs) {
    Map<String, List<Figure>> byMetric = new LinkedHashMap<>();
    for (List<Figure> run : runs) {
      for (Figure figure : run) {
        byMetric.computeIfAbsent(figure.metric(), metric -> new ArrayList<>()).add(figure);
      }
    }
    List<Figure> medians = new ArrayList<>();
    byMetric.forEach((metric, figures) -> {
      double[] values = figures.stream().mapToDouble(Figure::value).toArray();
      Arrays.sort(values);
      medians.add(new Figure(metric, values[values.length / 2], figures.get(0).unit()));
    });
    return medians;
  }
}
