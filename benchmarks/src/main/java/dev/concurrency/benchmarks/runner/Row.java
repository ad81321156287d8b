package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import dev.concurrency.benchmarks.workload.Figure;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One line of the results: which system ran which workload, and one figure it measured.
 *
 * <p>Written as {@code system<TAB>workload<TAB>metric<TAB>value<TAB>unit}; a fresh {@code --only} process writes
 * the same line without the system ({@link #onlyLine()}), and the runner adds the system when it reads it back
 * ({@link #parseOnlyLine}). Values are written with six significant digits and never in exponent form, so any
 * tool that reads TSV can sort and divide them.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * @param system the system's name ({@code jdk-cf}, {@code python-asyncio}, {@code project})
 * @param workload the workload's name ({@code E1_spawn_gather})
 * @param figure the measured figure
 */
public record Row(String system, String workload, Figure figure) {

  private static final MathContext SIX_DIGITS = new MathContext(6);

  /** Checks the parts: names are single words, so a tab or newline can never split a line. */
  public Row {
    checkName(system, "system");
    checkName(workload, "workload");
    requireNonNull(figure, "figure");
    if (figure.unit().contains("\t") || figure.unit().contains("\n")) {
      throw new IllegalArgumentException("unit '" + figure.unit() + "' must not contain a tab or a newline");
    }
  }

  /** The full TSV line: {@code system<TAB>workload<TAB>metric<TAB>value<TAB>unit}. */
  public String tsvLine() {
    return system + "\t" + onlyLine();
  }

  /** The line an {@code --only} run prints: {@code workload<TAB>metric<TAB>value<TAB>unit}. */
  public String onlyLine() {
    return workload + "\t" + figure.metric() + "\t" + format(figure.value()) + "\t" + figure.unit();
  }

  /**
   * Reads a line that an {@code --only} run (Java or Python) printed, for the given system.
   *
   * @throws IllegalArgumentException if the line does not have four tab-separated fields with a numeric value
   */
  public static Row parseOnlyLine(String system, String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 4) {
      throw new IllegalArgumentException(
          "expected workload<TAB>metric<TAB>value<TAB>unit from " + system + ", got '" + line + "'");
    }
    double value;
    try {
      value = Double.parseDouble(fields[2]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("value '" + fields[2] + "' from " + system + " is not a number", e);
    }
    return new Row(system, fields[0], new Figure(fields[1], value, fields[3]));
  }

  /**
   * Six significant digits, plain notation ({@code 1234570}, {@code 0.00123457}); NaN and infinities as Java
   * writes them.
   */
  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(SIX_DIGITS).stripTrailingZeros().toPlainString();
  }

  private static void checkName(String name, String what) {
    requireNonNull(name, what);
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(what + " '" + name + "' must be one word of letters, digits, '_', '.', '-'");
    }
  }
}
