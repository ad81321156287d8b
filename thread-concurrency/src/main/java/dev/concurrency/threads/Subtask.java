package dev.concurrency.threads;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A subtask forked in a {@link TaskScope}: its state and, once it has ended, its result or exception.
 *
 * <p>The owner reads results after {@link TaskScope#join()}; reading them earlier is allowed but they may not be
 * there yet.
 *
 * <p>This class is thread-safe. Memory consistency effects: the subtask's actions happen-before a {@link #state()}
 * that returns {@link State#SUCCESS} or {@link State#FAILED}, and so before {@link #get()} and {@link
 * #exception()} that follow it.
 *
 * <p><b>Python:</b> the {@code asyncio.Task} that {@code TaskGroup.create_task} returns; JDK 25:
 * {@code StructuredTaskScope.Subtask} (preview), whose {@code UNAVAILABLE} is {@link State#RUNNING} or {@link
 * State#CANCELLED} here.
 *
 * @param <T> the result type
 */
public final class Subtask<T> {

  /** Where a subtask is. Only {@code RUNNING} ever changes, to one of the three others. */
  public enum State {
    /** Forked and not ended yet. */
    RUNNING,
    /** Ended with a result. */
    SUCCESS,
    /** Ended by throwing (not because the scope cancelled it). */
    FAILED,
    /** Ended because the scope was cancelled: interrupted, or never started because the scope already was. */
    CANCELLED
  }

  final Callable<? extends T> task;
  private volatile State state = State.RUNNING;
  // written before the volatile write of `state` that publishes them
  private @Nullable T value;
  private @Nullable Throwable exception;
  // set by the owner in fork, read by cancellation: both under the scope's lock
  @Nullable Thread thread;

  Subtask(Callable<? extends T> task) {
    this.task = requireNonNull(task, "task");
  }

  /**
   * The current state.
   *
   * @return the state
   */
  public State state() {
    return state;
  }

  /**
   * The result.
   *
   * @return the result
   * @throws IllegalStateException if the subtask has not succeeded; the message says what its state is
   */
  public T get() {
    if (state != State.SUCCESS) {
      throw new IllegalStateException(
          "subtask has no result: it is " + state + (state == State.RUNNING ? "; call join() on the scope first" : ""));
    }
    return value;
  }

  /**
   * What the subtask threw.
   *
   * @return the exception
   * @throws IllegalStateException if it has not failed
   */
  public Throwable exception() {
    Throwable t = exception;
    if (state != State.FAILED || t == null) {
      throw new IllegalStateException("subtask did not fail: it is " + state);
    }
    return t;
  }

  void succeed(T result) {
    value = result;
    state = State.SUCCESS; // volatile write last: publishes value
  }

  void fail(Throwable t, boolean byCancellation) {
    exception = t;
    state = byCancellation ? State.CANCELLED : State.FAILED;
  }

  void cancelUnstarted() {
    state = State.CANCELLED;
  }

  @Override
  public String toString() {
    return "Subtask[" + state + "]";
  }
}
