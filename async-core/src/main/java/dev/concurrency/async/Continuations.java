package dev.concurrency.async;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * The experimental scheduler behind a flag: tasks as the JDK's internal {@code jdk.internal.vm.Continuation}
 * (the mechanism under virtual threads), run directly by the loop's thread instead of on threads of their own.
 *
 * <p>Off by default; the default path uses public API only. Turn it on with {@code
 * -Ddev.concurrency.async.continuations=true} and {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.
 * Then resuming a task is a method call on the loop's thread ({@code Continuation.run}) and awaiting is {@code
 * Continuation.yield}: no thread is started, parked or unparked per task, and no baton moves. Limits: an await
 * under a native frame fails with {@link IllegalStateException} ("Pinned"), and so does one inside {@code
 * synchronized} before JDK 24; from JDK 24 the latter works, but the monitor then belongs to the loop's thread,
 * which runs every task, so it no longer excludes the other tasks (do not await inside {@code synchronized}).
 * The tasks of a loop closed while pending are dropped without running their {@code finally} blocks; {@link
 * AsyncTask#getStack()} is empty.
 *
 * <p>Thread-safe: the handles are immutable after class initialisation.
 */
final class Continuations {

  /** Whether tasks run as continuations in this JVM. */
  static final boolean ENABLED = Boolean.getBoolean("dev.concurrency.async.continuations");

  private static final @Nullable Object SCOPE;
  private static final @Nullable MethodHandle NEW;
  private static final @Nullable MethodHandle RUN;
  private static final @Nullable MethodHandle YIELD;
  private static final @Nullable MethodHandle STACK;

  static {
    Object scope = null;
    MethodHandle create = null;
    MethodHandle run = null;
    MethodHandle yield = null;
    MethodHandle stack = null;
    if (ENABLED) {
      try {
        Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
        Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
        MethodHandles.Lookup lookup = MethodHandles.lookup(); // this module receives the export
        scope = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class)).invoke("asyncio");
        create = lookup.findConstructor(contClass, MethodType.methodType(void.class, scopeClass, Runnable.class));
        run = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class));
        yield = lookup.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass));
        stack = lookup.findVirtual(contClass, "getStackTrace", MethodType.methodType(StackTraceElement[].class));
      } catch (Throwable e) {
        throw new ExceptionInInitializerError(new IllegalStateException(
            "dev.concurrency.async.continuations=true needs --add-exports java.base/jdk.internal.vm=ALL-UNNAMED", e));
      }
    }
    SCOPE = scope;
    NEW = create;
    RUN = run;
    YIELD = yield;
    STACK = stack;
  }

  private Continuations() {}

  /** A new continuation that runs {@code body}. */
  static Object create(Runnable body) {
    try {
      return requireEnabled(NEW).invoke(SCOPE, body);
    } catch (Throwable e) {
      throw propagate(e);
    }
  }

  /** Runs {@code continuation} on the calling thread until it yields or ends. */
  static void run(Object continuation) {
    try {
      requireEnabled(RUN).invoke(continuation);
    } catch (Throwable e) {
      throw propagate(e);
    }
  }

  /** Suspends the running continuation; returns when it is run again. */
  static void yieldNow() {
    try {
      boolean unused = (boolean) requireEnabled(YIELD).invoke(SCOPE);
    } catch (Throwable e) {
      throw propagate(e);
    }
  }

  /** Where a suspended continuation stands, innermost frame first (the await graph reads it). */
  static StackTraceElement[] stackTrace(Object continuation) {
    try {
      return (StackTraceElement[]) requireEnabled(STACK).invoke(continuation);
    } catch (Throwable e) {
      throw propagate(e);
    }
  }

  private static MethodHandle requireEnabled(@Nullable MethodHandle handle) {
    if (handle == null) {
      throw new IllegalStateException("continuations are off: set -Ddev.concurrency.async.continuations=true");
    }
    return handle;
  }

  private static RuntimeException propagate(Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new IllegalStateException(e);
  }
}
