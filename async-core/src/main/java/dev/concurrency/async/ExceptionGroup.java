package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Several exceptions raised together, as a {@link TaskGroup} raises the failures of its tasks.
 *
 * <p>Every exception is also added as {@linkplain #getSuppressed() suppressed}, so a stack trace printed by
 * tools that know nothing of groups still shows all of them; the first one is the {@linkplain #getCause()
 * cause}. Instances are immutable.
 *
 * <p><b>Python:</b> {@code ExceptionGroup} / {@code BaseExceptionGroup} (PEP 654). Java has no {@code except*};
 * inspect {@link #exceptions()} instead, for example with {@code instanceof} patterns.
 */
public final class ExceptionGroup extends RuntimeException {

  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of throwables: serializable when its elements are
  private final ImmutableList<Throwable> exceptions;

  /**
   * A group of at least one exception.
   *
   * @throws IllegalArgumentException if {@code exceptions} is empty
   */
  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
        exceptions.isEmpty() ? null : exceptions.get(0));
    requireNonNull(message, "message");
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("an exception group needs at least one exception");
    }
    this.exceptions = ImmutableList.copyOf(exceptions);
    this.exceptions.forEach(this::addSuppressed);
  }

  /** The grouped exceptions, in the order they were raised. */
  public List<Throwable> exceptions() {
    return exceptions;
  }
}
