package dev.concurrency.async.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * The loop's package-private configuration, reachable from this module's other packages (the simulation) and
 * from nowhere else: {@code EventLoop} installs an {@link Access} when its class initialises, the way the JDK's
 * {@code SharedSecrets} let {@code java.io} reach into {@code java.lang}. This package is not exported, so no
 * application can use it.
 *
 * <p>Thread-safe: the access is published through a volatile field.
 */
public final class LoopSeams {

  /** What the other packages of the module may do with a loop beyond its public API. */
  public interface Access {

    /**
     * Sets the scheduling policy of the loop {@code builder} builds.
     *
     * @param builder the loop's builder
     * @param policy the policy, for that one loop
     * @return {@code builder}
     */
    EventLoop.Builder withPolicy(EventLoop.Builder builder, SchedulingPolicy policy);

    /**
     * The scheduling policy of {@code loop}.
     *
     * @param loop the loop
     * @return its policy ({@link SchedulingPolicy#ASYNCIO} unless it was built with another)
     */
    SchedulingPolicy policyOf(EventLoop loop);

    /**
     * The exception {@code future} failed with, without marking it retrieved (so a trace that shows it does not
     * silence the loop's "exception was never retrieved" report).
     *
     * @param future a done future
     * @return its exception, or {@code null} if it has none
     */
    @Nullable Throwable peekException(AsyncFuture<?> future);
  }

  private static volatile @Nullable Access access;

  private LoopSeams() {}

  /**
   * Called once, by {@code EventLoop}'s static initializer.
   *
   * @param loopAccess the loop's side
   */
  public static void install(Access loopAccess) {
    access = requireNonNull(loopAccess, "loopAccess");
  }

  /**
   * The loop's side, initialising {@code EventLoop} first if nothing has yet.
   *
   * @return the access
   */
  public static Access access() {
    Access a = access;
    if (a == null) {
      EventLoop.builder(); // runs EventLoop's static initializer, which installs the access
      a = requireNonNull(access, "EventLoop did not install its access");
    }
    return a;
  }
}
