package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A mapping of {@link ContextVar}s to values: the context a task, a callback or a thread runs in.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=context}
 *
 * <p><b>Semantics (Python's {@code contextvars}, as asyncio uses them).</b> There is always a current context:
 * inside a task it is the task's own context, made when the task was created as a copy of its creator's current
 * context (or given with {@link TaskOptions#withContext}); in a callback it is a copy of the context that was
 * current when the callback was scheduled; on a thread outside any event loop it is that thread's own context.
 * {@link ContextVar#set} changes only the current context, so a task's changes are never seen by the task that
 * created it, nor by tasks created before the change. A copy is cheap: the mapping is immutable and shared until
 * one side sets a variable. {@link #run} makes this context the current one while a body runs.
 *
 * <p><b>Why the loop's own context, not {@link ScopedValue}.</b> Python's {@code ContextVar.set} rebinds a
 * variable for the rest of the current task, anywhere, and a task's context outlives any one call; a
 * {@code ScopedValue} is bound only for the dynamic extent of one {@code where(...).run(...)} and cannot be
 * rebound from inside, and it is a preview API on this module's release (21). Callbacks of one loop also run on
 * whichever thread holds the baton, so a plain {@link ThreadLocal} would leak values between tasks and callbacks.
 * The context is therefore held by the task (or the running callback), and looked up through the running loop.
 *
 * <p><b>Thread-safety.</b> A context is confined to the code it is current for (one task, one callback, one
 * thread); its mapping is immutable, so a copy may be handed to another thread and {@linkplain #run run} there.
 * Memory consistency: a copy shares only immutable state.
 *
 * <p><b>Python:</b> {@code contextvars.Context}; {@link AsyncIO#copyContext()} is {@code
 * contextvars.copy_context()}.
 */
public final class Context {

  /** Stands for a {@code null} value in the immutable map, which takes no nulls. */
  static final Object NULL = new Object();

  private static final ThreadLocal<Context> OF_THREAD = ThreadLocal.withInitial(Context::new);

  private Map<ContextVar<?>, Object> values;
  private boolean entered;

  /** An empty context. Python: {@code contextvars.Context()}. */
  public Context() {
    this(ImmutableMap.of());
  }

  Context(Map<ContextVar<?>, Object> values) {
    this.values = values;
  }

  /** The context current on the calling thread (the running task's or callback's, or the thread's own). */
  static Context current() {
    EventLoop loop = EventLoop.running();
    return loop != null ? loop.currentContext() : OF_THREAD.get();
  }

  /** The current context's immutable mapping, for a callback scheduled now (no allocation). */
  static Map<ContextVar<?>, Object> currentSnapshot() {
    EventLoop loop = EventLoop.running();
    return loop != null ? loop.currentContextSnapshot() : OF_THREAD.get().values;
  }

  /**
   * A copy of this context: the same values, set independently from now on.
   *
   * @return a copy of this context: the same values, set independently from now on
   */
  public Context copy() {
    return new Context(values);
  }

  /**
   * Runs {@code body} with this context as the current one, then restores the previous one. Variables {@link
   * ContextVar#set set} by the body stay set in this context.
   *
   * @param <T> the type of the result
   * @param body the body to run
   * @return what {@code body} returned
   * @throws IllegalStateException if this context is already entered (current somewhere up the stack)
   * @throws RuntimeException what {@code body} threw (a checked exception in {@link
   *     java.util.concurrent.CompletionException})
   */
  public <T extends @Nullable Object> T run(Callable<T> body) {
    try {
      return call(body);
    } catch (Exception e) {
      throw AsyncFuture.rethrowable(e);
    }
  }

  /** {@link #run} that lets a checked exception of {@code body} through as it is (for the thread bridge). */
  <T extends @Nullable Object> T call(Callable<T> body) throws Exception {
    requireNonNull(body, "body");
    if (entered) {
      throw new IllegalStateException("cannot enter context: " + this + " is already entered");
    }
    EventLoop loop = EventLoop.running();
    Context previous = loop != null ? loop.swapContext(this) : swapThreadContext(this);
    entered = true;
    try {
      return body.call();
    } finally {
      entered = false;
      if (loop != null) {
        loop.swapContext(previous);
      } else {
        swapThreadContext(previous);
      }
    }
  }

  private static Context swapThreadContext(Context next) {
    Context previous = OF_THREAD.get();
    OF_THREAD.set(next);
    return previous;
  }

  /**
   * Whether {@code variable} has a value in this context.
   *
   * @param variable the context variable
   * @return whether {@code variable} has a value in this context
   */
  public boolean containsKey(ContextVar<?> variable) {
    return values.containsKey(requireNonNull(variable, "variable"));
  }

  /**
   * The value of {@code variable} in this context, or {@code null} if it has none here.
   *
   * @param <T> the type of the result
   * @param variable the context variable
   * @return the value of {@code variable} in this context, or {@code null} if it has none here
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(ContextVar<T> variable) {
    Object v = values.get(requireNonNull(variable, "variable"));
    return v == null || v == NULL ? null : (T) v;
  }

  /**
   * The variables that have a value in this context.
   *
   * @return the variables that have a value in this context
   */
  public Set<ContextVar<?>> keySet() {
    return values.keySet();
  }

  /**
   * How many variables have a value in this context.
   *
   * @return how many variables have a value in this context
   */
  public int size() {
    return values.size();
  }

  Map<ContextVar<?>, Object> snapshot() {
    return values;
  }

  /** The raw stored value ({@link #NULL} for a null value), or {@code null} if the variable has none here. */
  @Nullable Object lookup(ContextVar<?> variable) {
    return values.get(variable);
  }

  void put(ContextVar<?> variable, @Nullable Object value) {
    ImmutableMap.Builder<ContextVar<?>, Object> next = ImmutableMap.builderWithExpectedSize(values.size() + 1);
    for (Map.Entry<ContextVar<?>, Object> e : values.entrySet()) {
      if (e.getKey() != variable) {
        next.put(e);
      }
    }
    next.put(variable, value == null ? NULL : value);
    values = next.buildOrThrow();
  }

  void remove(ContextVar<?> variable) {
    ImmutableMap.Builder<ContextVar<?>, Object> next = ImmutableMap.builderWithExpectedSize(values.size());
    for (Map.Entry<ContextVar<?>, Object> e : values.entrySet()) {
      if (e.getKey() != variable) {
        next.put(e);
      }
    }
    values = next.buildOrThrow();
  }

  @Override
  public String toString() {
    return "Context" + values.keySet();
  }
}
