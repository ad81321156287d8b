package dev.concurrency.model.timing;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Strings;
import dev.concurrency.model.internal.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * Several runs side by side: for each, the run's label, the model it is compared with, the model's prediction
 * and lower bound, the measured wall time and the error, as an aligned plain-text table.
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=table}
 *
 * prints
 *
 * <pre>
 * run        model                 predicted  lower bound  measured   error
 * 1 thread   sequential              2.000 s      2.000 s   2.010 s  +0.5 %
 * 2 threads  2 workers on 2 cores    1.000 s      1.000 s   1.030 s  +3.0 %
 * </pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ComparisonTable {

  private static final List<String> HEADER = List.of("run", "model", "predicted", "lower bound", "measured", "error");

  private ComparisonTable() {}

  /**
   * Renders comparisons as a table.
   *
   * @param comparisons the rows, in the order to print them
   * @return the table, header first, one line per comparison, each line ending in {@code \n}
   */
  public static String render(List<Comparison> comparisons) {
    requireNonNull(comparisons, "comparisons");
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Comparison c : comparisons) {
      requireNonNull(c, "comparisons holds a null comparison");
      rows.add(
          List.of(
              c.measured().label(),
              c.predicted().technique(),
              Durations.format(c.predicted().wall().toNanos()),
              Durations.format(c.predicted().lowerBound().toNanos()),
              Durations.format(c.measured().wall().toNanos()),
              Comparison.formatError(c.errorPercent())));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      // the two label columns align left, the figures right
      StringBuilder line = new StringBuilder(Strings.padEnd(row.get(0), widths[0], ' '));
      line.append("  ").append(Strings.padEnd(row.get(1), widths[1], ' '));
      for (int i = 2; i < row.size(); i++) {
        line.append("  ").append(Strings.padStart(row.get(i), widths[i], ' '));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
