package dev.concurrency.examples;

import static java.util.Objects.requireNonNull;

import dev.concurrency.model.timing.Comparison;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The last line of an example that measures: its conclusion, or why it draws none. An example that times real
 * work states what the timings show only when they can show it: when other programs left the machine alone
 * ({@link Interference}) and the timings are plausible (within reach of the model's prediction, or of what
 * physics allows). Otherwise it says so, and why, instead of printing a conclusion the run does not support.
 *
 * <pre>{@code
 * Interference.Watch watch = Interference.watch();
 * ... // the timed runs
 * Verdict.of(watch.stop()).check(comparisons).print(out, "work stealing finished 27 % sooner");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param reasonToDoubt why the timings cannot carry a conclusion; empty when they can
 */
public record Verdict(Optional<String> reasonToDoubt) {

  /** Above this share of the machine taken by other programs, a timed run carries no conclusion. */
  public static final double BUSY_LIMIT = 0.25;

  /** A measurement farther than this from its model's prediction, in percent, is not taken at face value. */
  public static final double ERROR_LIMIT_PERCENT = 50;

  /** Checks the parts. */
  public Verdict {
    requireNonNull(reasonToDoubt, "reasonToDoubt");
  }

  /** {@return the verdict that {@code during} allows: doubtful when other programs took too much of the machine} */
  public static Verdict of(Interference during) {
    requireNonNull(during, "during");
    if (during.others() > BUSY_LIMIT) {
      return new Verdict(Optional.of(during.describe() + " while this ran (more than "
          + Math.round(100 * BUSY_LIMIT) + " %)"));
    }
    return new Verdict(Optional.empty());
  }

  /**
   * {@return this verdict, doubtful as well if a measurement is farther than {@value #ERROR_LIMIT_PERCENT} % from
   * its prediction}
   */
  public Verdict check(List<Comparison> comparisons) {
    for (Comparison c : comparisons) {
      if (Math.abs(c.errorPercent()) > ERROR_LIMIT_PERCENT) {
        return doubt(String.format(Locale.ROOT, "'%s' took %s where the model predicts %s (%+.0f %%)",
            c.measured().label(), seconds(c.measured().wall()), seconds(c.predicted().wall()), c.errorPercent()));
      }
    }
    return this;
  }

  /** {@return this verdict, doubtful as well unless {@code plausible}, for the reason {@code otherwise}} */
  public Verdict require(boolean plausible, String otherwise) {
    return plausible ? this : doubt(otherwise);
  }

  private Verdict doubt(String reason) {
    return reasonToDoubt.isPresent() ? this : new Verdict(Optional.of(reason));
  }

  /** {@return whether the timings can carry a conclusion} */
  public boolean trusted() {
    return reasonToDoubt.isEmpty();
  }

  /** {@return {@code conclusion}, or the line that says why there is none} */
  public String line(String conclusion) {
    requireNonNull(conclusion, "conclusion");
    return reasonToDoubt
        .map(why -> "no conclusion from this run: " + why
            + "; the timings say more about the machine than about the code, so run it again on a quiet machine")
        .orElse(conclusion);
  }

  /** Prints {@link #line(String)}. */
  public void print(PrintStream out, String conclusion) {
    out.println(line(conclusion));
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
  }
}
