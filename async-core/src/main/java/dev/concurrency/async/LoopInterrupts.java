package dev.concurrency.async;

import org.jspecify.annotations.Nullable;

/**
 * What an interrupt of the thread that runs a loop does: the Java analogue of asyncio's SIGINT handling, where
 * {@link Thread#interrupt()} plays Ctrl-C and a {@link CancelledError} caused by an {@link InterruptedException}
 * plays {@code KeyboardInterrupt}.
 *
 * <p>The <em>home thread</em> is the one that called {@link EventLoop#runForever()} (or {@code runUntilComplete},
 * {@code Runner.run}, {@code AsyncIO.run}). The loop takes its interrupt status where that thread would otherwise
 * wait (a set status makes every park and select return at once: a spin) and at each tick boundary it passes
 * while it holds the baton, and then acts as {@code asyncio.Runner._on_sigint} does:
 *
 * <ul>
 *   <li>the first interrupt of a run that has a main task ({@link Runner}) cancels that task, which may clean
 *       up; if it then ends cancelled by that request alone, {@code Runner.run} throws the analogue of {@code
 *       KeyboardInterrupt}. If the main task is done by the time the loop acts on the interrupt, the run ends
 *       with its outcome;
 *   <li>any other interrupt (a second one, or one of a run without a main task: a bare {@code runForever} or
 *       {@code runUntilComplete}) stops the loop at the next tick boundary, and the method that ran it throws
 *       that analogue.
 * </ul>
 *
 * <p>In every case the interrupt status is set again when the loop returns to its caller: an interrupt is never
 * lost, whether or not it ended the run. A handler posted by the home thread in one run does nothing in a later
 * run.
 *
 * <p>Thread-safety: {@link #beginRun}, {@link #endRun} and the {@code taken*} methods are called by the home
 * thread only ({@link #takenWithoutBaton()} while another thread holds the baton, so it only posts a callback);
 * the rest is loop-confined, like the loop's own state.
 */
final class LoopInterrupts {

  private final EventLoop loop;
  // Home thread only: how many interrupts of it the loop took during this run, and the run's number.
  private int taken;
  private int run;
  // Loop-confined (the baton holder, which the home thread reaches through a posted callback).
  private int handled;
  private boolean cancelledMain;
  private boolean stopRequested;
  private @Nullable AsyncTask<?> mainTask;

  LoopInterrupts(EventLoop loop) {
    this.loop = loop;
  }

  /** The home thread starts a run: nothing taken or handled yet. */
  void beginRun() {
    run++;
    taken = 0;
    handled = 0;
    cancelledMain = false;
    stopRequested = false;
  }

  /** Sets the task the first interrupt cancels ({@code null}: none, the bare loop). Loop-confined. */
  void mainTask(@Nullable AsyncTask<?> task) {
    mainTask = task;
  }

  /** The home thread, holding the baton, took its interrupt status: acts on it now. */
  void takenWithBaton() {
    taken++;
    handle();
  }

  /**
   * The home thread took its interrupt status while another thread holds the baton: that thread acts on it, in
   * a callback that also ends its idle wait (CPython's handler wakes the selector the same way).
   */
  void takenWithoutBaton() {
    taken++;
    int postedIn = run;
    loop.postThreadsafe(
        () -> {
          if (postedIn == run) {
            handle();
          }
        });
  }

  private void handle() {
    handled++;
    AsyncTask<?> main = mainTask;
    if (handled == 1 && main != null) {
      if (!main.done()) {
        cancelledMain = true;
        main.cancel();
      }
      // Done already: the run ends with main's outcome. The interrupt reaches the loop a little after it was sent
      // (a signal handler runs at once), so main may have finished meanwhile; stopping now would make the
      // outcome depend on that race. The status is set again when the run returns.
      return;
    }
    stopRequested = true;
    loop.stop();
  }

  /** Whether an interrupt asked the loop to stop at the next tick boundary. Loop-confined. */
  boolean stopRequested() {
    return stopRequested;
  }

  /** Whether an interrupt of this run cancelled the main task. */
  boolean cancelledMain() {
    return cancelledMain;
  }

  /**
   * The home thread ends a run: sets its interrupt status again if the loop took it, and returns the error the
   * run must end with if an interrupt stopped it, else {@code null}.
   */
  @Nullable CancelledError endRun() {
    if (taken > 0) {
      Thread.currentThread().interrupt();
    }
    return stopRequested ? keyboardInterrupt("the event loop stopped") : null;
  }

  /**
   * The analogue of {@code KeyboardInterrupt}: a {@link CancelledError} (which, like {@code BaseException}, ordinary
   * handlers do not catch) caused by an {@link InterruptedException}.
   */
  static CancelledError keyboardInterrupt(String what) {
    String thread = Thread.currentThread().getName();
    CancelledError error = new CancelledError("thread '" + thread + "' was interrupted: " + what);
    error.initCause(new InterruptedException("thread '" + thread + "' was interrupted while it ran an event loop"));
    return error;
  }

  /** Whether {@code error} is the analogue of {@code KeyboardInterrupt} that {@link #keyboardInterrupt} makes. */
  static boolean isKeyboardInterrupt(Throwable error) {
    return error instanceof CancelledError && error.getCause() instanceof InterruptedException;
  }
}
