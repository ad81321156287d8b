/**
 * The timing and resource model, a scheduling simulator, and traces and timelines of real runs.
 *
 * <p>API packages: {@link dev.concurrency.model.timing}, {@link dev.concurrency.model.sched} and {@link
 * dev.concurrency.model.trace}; {@code dev.concurrency.model.internal} is not exported. Guava is required
 * transitively because {@code Trace.start} takes a Guava {@code Ticker}.
 */
module dev.concurrency.model {
  requires transitive com.google.common;
  // @Nullable appears in API signatures: readers of this module read JSpecify too, when it is present
  requires static transitive org.jspecify;

  exports dev.concurrency.model.sched;
  exports dev.concurrency.model.timing;
  exports dev.concurrency.model.trace;
}
