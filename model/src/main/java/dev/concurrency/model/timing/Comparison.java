package dev.concurrency.model.timing;

import static java.util.Objects.requireNonNull;

import dev.concurrency.model.internal.Durations;
import dev.concurrency.model.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A prediction beside the measurement of the same run, and how far apart they are.
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=comparison}
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param predicted what the model said
 * @param measured what the run took
 */
public record Comparison(Prediction predicted, Measurement measured) {

  /** Checks that both parts are present. */
  public Comparison {
    requireNonNull(predicted, "predicted");
    requireNonNull(measured, "measured");
  }

  /**
   * {@return the measurement's error against the prediction, in percent: {@code 100 * (measured - predicted) /
   * predicted}} Positive means the run was slower than predicted. A prediction of zero gives 0 when the measurement is
   * zero too and infinity otherwise.
   */
  public double errorPercent() {
    long p = predicted.wall().toNanos();
    long m = measured.wall().toNanos();
    if (p == 0) {
      return m == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return 100.0 * (m - p) / p;
  }

  /** {@return one line: {@code "label (model: technique): predicted X, measured Y (+E %)"}} */
  public String summary() {
    return measured.label()
        + " (model: "
        + predicted.technique()
        + "): predicted "
        + Durations.format(predicted.wall().toNanos())
        + ", measured "
        + Durations.format(measured.wall().toNanos())
        + " ("
        + formatError(errorPercent())
        + ")";
  }

  /**
   * {@return the predicted schedule and the measured spans together, for one chart} Predicted lanes are prefixed
   * {@code "predicted "}, measured ones {@code "measured "}.
   */
  public List<Span> sideBySide() {
    List<Span> spans = new ArrayList<>();
    for (Span s : predicted.schedule()) {
      spans.add(new Span("predicted " + s.lane(), s.name(), s.startNanos(), s.endNanos()));
    }
    for (Span s : measured.spans()) {
      spans.add(new Span("measured " + s.lane(), s.name(), s.startNanos(), s.endNanos()));
    }
    return List.copyOf(spans);
  }

  static String formatError(double percent) {
    return Double.isInfinite(percent) ? "n/a" : String.format(Locale.ROOT, "%+.1f %%", percent);
  }
}
