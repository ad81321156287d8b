package dev.concurrency.examples.model;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.timing.LittlesLaw;
import dev.concurrency.model.timing.Prediction;
import dev.concurrency.model.timing.Resources;
import dev.concurrency.model.timing.Speedup;
import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import dev.concurrency.model.trace.Span;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Amdahl's, Gustafson's and Little's laws, and the seed's {@code R_total} against a capacity, with numbers.
 *
 * <pre>{@code
 * # Seed section 3.3: T_total = T_1 + ... + T_n and R_total = R_1 + ... + R_n.
 * # What more cores buy (Amdahl, Gustafson), how big a pool must be (Little), and when memory runs out.
 * }</pre>
 *
 * <p><b>What to notice.</b> A program that is 90 % parallel never runs more than 10 times faster however
 * many cores it gets (Amdahl), unless the work grows with the cores (Gustafson). A service taking 50 ms per
 * request at 200 requests a second keeps 10 workers busy on average (Little); a pool of 8 saturates at 160.
 * The seed's {@code R_total} is the demand only when every task holds its resources at once: run one at a
 * time, four tasks of 400, 300, 200 and 100 MB need 400 MB, not 1000.
 *
 * <p><b>Run:</b> {@code ./examples.sh model-laws}
 *
 * <p><b>Expected output</b> (exact), beginning:
 *
 * <pre>
 * Amdahl: speedup of a fixed job, parallel fraction p, on n cores
 *   p       n=1    n=2    n=4    n=8   n=16  n=1024   limit
 *   0.50   1.00   1.33   1.60   1.78   1.88    2.00    2.00
 * </pre>
 */
public final class Model03Laws {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "model-laws",
          Group.MODEL,
          "3.3",
          "Amdahl, Gustafson and Little with numbers, and R_total against a capacity",
          Model03Laws::run);

  private static final int[] CORES = {1, 2, 4, 8, 16, 1024};
  private static final double[] FRACTIONS = {0.5, 0.9, 0.95, 0.99};

  private Model03Laws() {}

  static void run(PrintStream out, List<String> args) {
    out.println("Amdahl: speedup of a fixed job, parallel fraction p, on n cores");
    printTable(out, /* amdahl= */ true);
    out.println("Gustafson: scaled speedup when the parallel work grows with n");
    printTable(out, /* amdahl= */ false);

    Duration latency = Duration.ofMillis(50);
    out.println("Little: L = lambda * W");
    out.println(String.format(Locale.ROOT, "  200 requests/s at 50 ms each keep %.1f workers busy",
        LittlesLaw.inSystem(200, latency)));
    out.println(String.format(Locale.ROOT, "  a pool of 8 serves at most %.0f requests/s; at 150/s it is %.1f %% busy",
        LittlesLaw.saturationRate(latency, 8), 100 * LittlesLaw.utilisation(150, latency, 8)));

    List<Task> tasks =
        List.of(
            Task.cpu("A", Duration.ofSeconds(1)).withDemand(400),
            Task.cpu("B", Duration.ofSeconds(1)).withDemand(300),
            Task.waiting("C", Duration.ofSeconds(1)).withDemand(200),
            Task.waiting("D", Duration.ofSeconds(1)).withDemand(100));
    double capacity = 800;
    out.println("Resources: four tasks holding 400, 300, 200 and 100 MB, on a machine with 800 MB");
    out.println(String.format(Locale.ROOT, "  seed's R_total (all at once): %.0f MB = %.0f %% of capacity",
        Resources.totalDemand(tasks), 100 * Resources.totalDemand(tasks) / capacity));
    for (int k = 1; k <= tasks.size(); k++) {
      out.println(String.format(Locale.ROOT, "  at most %d at once: worst case %.0f MB (%.0f %%)", k,
          Resources.peakDemand(tasks, k), 100 * Resources.utilisation(tasks, k, capacity)));
    }
    out.println("  saturation point: " + Resources.saturationPoint(tasks, capacity).getAsInt()
        + " at once exceed capacity; run at most "
        + (Resources.saturationPoint(tasks, capacity).getAsInt() - 1) + " together");

    // Amdahl as a picture: 1 s of serial work, then 8 s of parallel work on 4 cores: 3 s, speedup 9/3 = 3.0
    out.println(String.format(Locale.ROOT, "Amdahl drawn: 1 s serial + 8 x 1 s parallel on 4 cores: "
        + "predicted speedup %.2f", Speedup.amdahl(8.0 / 9, 4)));
    Timeline.print(out, amdahlSchedule(), List.of("9 s of work in 3 s: speedup 3.00, as Amdahl predicts"), args);
  }

  private static void printTable(PrintStream out, boolean amdahl) {
    StringBuilder header = new StringBuilder("  p   ");
    for (int n : CORES) {
      header.append(String.format(Locale.ROOT, " %6s", "n=" + n));
    }
    out.println(header.append(amdahl ? "   limit" : ""));
    for (double p : FRACTIONS) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %.2f", p));
      for (int n : CORES) {
        row.append(String.format(Locale.ROOT, " %6.2f", amdahl ? Speedup.amdahl(p, n) : Speedup.gustafson(p, n)));
      }
      if (amdahl) {
        row.append(String.format(Locale.ROOT, " %7.2f", Speedup.amdahlLimit(p)));
      }
      out.println(row);
    }
  }

  /** The serial second on worker-0, then the pool's predicted schedule of the parallel part, shifted by it. */
  private static List<Span> amdahlSchedule() {
    long serial = Duration.ofSeconds(1).toNanos();
    Prediction parallel =
        TimingModel.pool(Collections.nCopies(8, Task.cpu("part", Duration.ofSeconds(1))), 4, 4);
    List<Span> spans = new ArrayList<>();
    spans.add(new Span("worker-0", "serial", 0, serial));
    for (Span s : parallel.schedule()) {
      spans.add(new Span(s.lane(), "parallel", s.startNanos() + serial, s.endNanos() + serial));
    }
    return spans;
  }
}
