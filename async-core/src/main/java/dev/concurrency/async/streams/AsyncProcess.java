package dev.concurrency.async.streams;

import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.internal.IoWaiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A subprocess started by {@link Subprocesses}, with its pipes as streams: write to {@link #stdin()}, read from
 * {@link #stdout()} and {@link #stderr()}, {@link #waitFor()} its exit, or do all of it at once with {@link
 * #communicate(byte[])}.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=asyncProcess}
 *
 * <p><b>Semantics</b> (asyncio's {@code Process}). {@link #returncode()} is {@code null} until the process has
 * exited. {@link #waitFor()} returns at once if it has; otherwise it waits until the process has exited <em>and</em>
 * every pipe is closed, so a process that fills a pipe nobody reads never ends: read the pipes, or use {@code
 * communicate}, which feeds stdin, reads stdout and stderr to EOF concurrently, and then waits. The output pipes
 * have a reader's flow control: a process writing faster than the program reads is held back by the pipe, never
 * buffered without bound. {@link #terminate()}, {@link #kill()} and {@link #sendSignal} do nothing if the process
 * has exited but that is not yet known, and throw {@link ProcessLookupException} once it has been waited for.
 *
 * <p><b>Nothing is left behind.</b> {@link #close()} closes the pipes and kills the process if it still runs (try
 * with resources does it on every way out). A process still running when its loop closes is killed then, and its
 * pipe threads end: {@code AsyncIO.run} never leaves an orphan, even when the task that started it was cancelled.
 * A task cancelled while it waits in {@link #waitFor()} or {@link #communicate} does not kill the process
 * (asyncio's rule); the process then lives until it ends, {@link #close()}, or the loop closes.
 *
 * <p><b>Return codes.</b> An exit code as the process gave it; for a process ended by a signal that this object
 * sent ({@link #kill()}, {@link #terminate()}, {@link #sendSignal}), minus the signal number, as asyncio reports
 * it ({@code -9} after {@code kill()}). The JDK reports a process killed by a signal as {@code 128 + number},
 * the same as an exit with that code, so a process killed from elsewhere shows {@code 128 + number}.
 *
 * <p><b>Thread-safety.</b> Loop-confined. Each pipe is served by one daemon platform thread doing blocking I/O
 * (the JDK offers no selectable pipe channel), which hands data to the loop with {@code callSoonThreadsafe}; the
 * process's exit comes from the JDK's process reaper the same way. The pipe threads ignore interrupts: they end
 * when their pipe does, never with data left behind.
 *
 * <p><b>Memory consistency.</b> Data read from a pipe by its thread happens-before the read on the loop that
 * returns it, through {@code callSoonThreadsafe}.
 *
 * <p><b>Python:</b> {@code asyncio.subprocess.Process}. Differences: {@code wait()} is {@link #waitFor()} ({@code
 * wait()} is a final method of {@code Object}); the return code of a signal sent from elsewhere (above); signals
 * other than TERM and KILL need a Unix {@code kill} command; {@code close()} is the transport's {@code close()},
 * which asyncio reaches only through {@code proc._transport}.
 */
public final class AsyncProcess implements AutoCloseable {

  private static final long KILL_COMMAND_TIMEOUT_SECONDS = 10;

  private final EventLoop loop;
  private final Process process;
  private final IoWaiter waiter;
  private final @Nullable PipeWriteTransport stdinPipe;
  private final @Nullable PipeReadTransport stdoutPipe;
  private final @Nullable PipeReadTransport stderrPipe;
  private final @Nullable StreamWriter stdin;
  private final @Nullable StreamReader stdout;
  private final @Nullable StreamReader stderr;
  private final List<AsyncFuture<Integer>> exitWaiters = new ArrayList<>();
  private final EnumSet<Signal> sent = EnumSet.noneOf(Signal.class);
  private final AutoCloseable loopCloseHook = this::killWithTheLoop;
  private @Nullable Integer returncode;
  private boolean finished;
  private boolean closed;

  private AsyncProcess(EventLoop loop, Process process, IoWaiter waiter, SubprocessConfig config) {
    this.loop = loop;
    this.process = process;
    this.waiter = waiter;
    String name = "asyncio-subprocess-" + process.pid();
    if (config.stdin() == Stdio.PIPE) {
      stdinPipe = PipeWriteTransport.start(loop, process.getOutputStream(), name + "-stdin", e -> tryFinish());
      stdin = new StreamWriter(stdinPipe, null);
    } else {
      stdinPipe = null;
      stdin = null;
    }
    if (config.stdout() == Stdio.PIPE) {
      stdout = new StreamReader(config.limit());
      stdoutPipe = PipeReadTransport.start(loop, process.getInputStream(), stdout, name + "-stdout", e -> tryFinish());
    } else {
      stdout = null;
      stdoutPipe = null;
    }
    if (config.stderr() == Stdio.PIPE) {
      stderr = new StreamReader(config.limit());
      stderrPipe = PipeReadTransport.start(loop, process.getErrorStream(), stderr, name + "-stderr", e -> tryFinish());
    } else {
      stderr = null;
      stderrPipe = null;
    }
  }

  /** Starts {@code builder}'s process on {@code loop}; kills it again if its pipes cannot be set up. */
  static AsyncProcess start(EventLoop loop, ProcessBuilder builder, SubprocessConfig config) throws IOException {
    IoWaiter waiter = IoWaiter.of(loop);
    if (waiter == null) {
      throw new IllegalStateException("this event loop was built with a custom waiter that does not serve I/O");
    }
    return adopt(loop, builder.start(), waiter, config);
  }

  /** Wraps a started {@code process}; kills it again if its pipes cannot be set up. Also a seam for tests. */
  static AsyncProcess adopt(EventLoop loop, Process process, IoWaiter waiter, SubprocessConfig config) {
    try {
      AsyncProcess p = new AsyncProcess(loop, process, waiter, config);
      waiter.closeWithLoop(p.loopCloseHook);
      process.onExit().whenComplete((ended, error) -> p.post(p::exited));
      return p;
    } catch (RuntimeException | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  // ---------------------------------------------------------------- streams and state

  /**
   * The process's stdin as a writer, or {@code null} if it is not a {@link Stdio#PIPE}.
   *
   * @return the stdin writer, or {@code null}
   */
  public @Nullable StreamWriter stdin() {
    return stdin;
  }

  /**
   * The process's stdout as a reader, or {@code null} if it is not a {@link Stdio#PIPE}.
   *
   * @return the stdout reader, or {@code null}
   */
  public @Nullable StreamReader stdout() {
    return stdout;
  }

  /**
   * The process's stderr as a reader, or {@code null} if it is not a {@link Stdio#PIPE}.
   *
   * @return the stderr reader, or {@code null}
   */
  public @Nullable StreamReader stderr() {
    return stderr;
  }

  /**
   * The process id.
   *
   * @return the operating system's process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * The return code once the process has exited (see the class doc for signals), {@code null} before.
   *
   * @return the return code, or {@code null} while the process runs
   */
  public @Nullable Integer returncode() {
    return returncode;
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Suspends the calling task until the process has exited and its pipes are closed, and returns the return code;
   * returns at once if the process has exited already. Cancelling the waiting task does not touch the process.
   *
   * <p><b>Python:</b> {@code await proc.wait()}.
   *
   * @return the return code
   */
  public int waitFor() {
    Integer code = returncode;
    if (code != null) {
      return code;
    }
    AsyncFuture<Integer> w = loop.createFuture();
    exitWaiters.add(w);
    return w.await();
  }

  /**
   * Sends {@code input} (if not {@code null}) to stdin and closes it, reads stdout and stderr to EOF, all
   * concurrently, then waits for the process to exit. A process that exits without reading all its input is not
   * an error: the broken pipe is ignored, as asyncio ignores it.
   *
   * @param input the bytes to send to stdin, or {@code null} to send nothing
   * @return what stdout and stderr carried ({@code null} for those that are not pipes)
   * @throws IOException if reading an output pipe failed
   * @throws dev.concurrency.async.CancelledError if the task is cancelled; the pipe tasks are cancelled too, the
   *     process is not
   */
  public ProcessOutput communicate(byte @Nullable [] input) throws IOException {
    List<AsyncTask<?>> parts = new ArrayList<>(3);
    StreamWriter in = stdin;
    if (in != null) {
      parts.add(loop.createTask(() -> feedStdin(in, input), "communicate-stdin-" + pid()));
    }
    AsyncTask<byte[]> out = readToEof(stdout, stdoutPipe, "stdout");
    AsyncTask<byte[]> err = readToEof(stderr, stderrPipe, "stderr");
    if (out != null) {
      parts.add(out);
    }
    if (err != null) {
      parts.add(err);
    }
    if (!parts.isEmpty()) {
      Io.await(AsyncIO.gather(parts, /* returnExceptions= */ false));
    }
    waitFor();
    return new ProcessOutput(out == null ? null : out.result(), err == null ? null : err.result());
  }

  private static @Nullable Void feedStdin(StreamWriter in, byte @Nullable [] input) {
    try {
      if (input != null) {
        in.write(input);
      }
      in.drain();
    } catch (IOException brokenPipe) {
      // the process stopped reading (it exited): communicate() ignores it, as asyncio ignores BrokenPipeError
    }
    in.close();
    return null;
  }

  private @Nullable AsyncTask<byte[]> readToEof(@Nullable StreamReader reader, @Nullable PipeReadTransport pipe,
      String what) {
    if (reader == null || pipe == null) {
      return null;
    }
    return loop.createTask(() -> {
      byte[] all = reader.read();
      pipe.close();
      return all;
    }, "communicate-" + what + "-" + pid());
  }

  // ---------------------------------------------------------------- signals

  /**
   * Sends {@code signal} to the process. TERM and KILL use the JDK; the others run the system's {@code kill}
   * command (Unix only), which holds the loop for the few milliseconds that takes (an interrupt meanwhile does not
   * cut that wait short: the status is set again when it is over). Does nothing if the process has exited but that
   * is not known yet, to this object or to the JDK (asyncio ignores that race too).
   *
   * @param signal the signal to send
   * @throws ProcessLookupException if the process has exited and been waited for
   * @throws UnsupportedOperationException for a signal other than TERM or KILL on Windows
   * @throws UncheckedIOException if the {@code kill} command cannot be run or fails
   */
  public void sendSignal(Signal signal) {
    requireNonNull(signal, "signal");
    if (finished) {
      throw new ProcessLookupException(
          "process " + pid() + " has exited (return code " + returncode + "); no signal can reach it");
    }
    if (!process.isAlive()) {
      return; // exited, not yet reported: asyncio ignores ProcessLookupError here too
    }
    sent.add(signal);
    switch (signal) {
      case TERM -> process.destroy();
      case KILL -> process.destroyForcibly();
      default -> killCommand(signal);
    }
  }

  /** Sends TERM (asyncio's {@code terminate()}: SIGTERM on Unix). */
  public void terminate() {
    sendSignal(Signal.TERM);
  }

  /** Sends KILL (asyncio's {@code kill()}: SIGKILL on Unix). */
  public void kill() {
    sendSignal(Signal.KILL);
  }

  private void killCommand(Signal signal) {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      throw new UnsupportedOperationException(
          "only Signal.TERM and Signal.KILL can be sent on Windows (the JDK has no API for " + signal + ")");
    }
    try {
      Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal.name() + " " + pid())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!awaitUninterruptibly(kill)) {
        kill.destroyForcibly();
        throw new IOException("the kill command did not finish within " + KILL_COMMAND_TIMEOUT_SECONDS + " s");
      }
      // A failed kill is the race asyncio ignores too (Popen.send_signal swallows ProcessLookupError): the process
      // exited and was reaped, and the JDK's reaper has not yet marked it exited, so isAlive() alone still says yes.
      if (kill.exitValue() != 0 && process.isAlive() && ProcessHandle.of(pid()).isPresent()) {
        throw new IOException("kill -s " + signal.name() + " " + pid() + " failed with exit code " + kill.exitValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send SIG" + signal.name() + " to process " + pid(), e);
    }
  }

  /**
   * Waits up to {@link #KILL_COMMAND_TIMEOUT_SECONDS} for the {@code kill} command, ignoring interrupts until it
   * is over and then setting the status again: giving up early would leave the command running, and whether the
   * signal went out unknown. Returns whether it finished in time.
   */
  private static boolean awaitUninterruptibly(Process kill) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(KILL_COMMAND_TIMEOUT_SECONDS);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return kill.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the pipes and kills the process if it still runs (asyncio's {@code transport.close()}). Idempotent.
   * A process that has exited, even if that is not known yet, is left alone.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (stdinPipe != null) {
      stdinPipe.close();
    }
    if (stdoutPipe != null) {
      stdoutPipe.close();
    }
    if (stderrPipe != null) {
      stderrPipe.close();
    }
    if (returncode == null && process.isAlive()) {
      sent.add(Signal.KILL);
      process.destroyForcibly();
    }
  }

  /** The loop is closing with the process unfinished: kill it and end the stdin thread. Any thread. */
  private void killWithTheLoop() {
    process.destroyForcibly();
    if (stdinPipe != null) {
      stdinPipe.shutdownThread();
    }
  }

  // ---------------------------------------------------------------- the loop's side

  private void post(Runnable r) {
    Io.postThreadsafe(loop, r); // false: the loop is gone, and killWithTheLoop() has dealt with the process
  }

  /** The process has exited (from the JDK's reaper, through the loop). */
  private void exited() {
    int raw = process.exitValue();
    int signal = raw - 128;
    boolean bySignalWeSent = raw > 128 && sent.stream().anyMatch(s -> s.number() == signal);
    returncode = bySignalWeSent ? -signal : raw;
    // The process's stdin is gone with it. asyncio learns that from the pipe itself; the JDK cannot watch a pipe.
    if (stdinPipe != null && !stdinPipe.closedFuture().done()) {
      stdinPipe.lose(new IOException("Broken pipe: process " + pid() + " exited; its stdin is closed"));
    }
    tryFinish();
  }

  /** Once the process has exited and every pipe is closed, wakes the waiters in the next tick. */
  private void tryFinish() {
    if (finished || returncode == null) {
      return;
    }
    if (isOpen(stdinPipe) || isOpen(stdoutPipe) || isOpen(stderrPipe)) {
      return;
    }
    finished = true;
    loop.callSoon(this::wakeWaiters);
  }

  private static boolean isOpen(@Nullable Object pipe) {
    if (pipe instanceof PipeWriteTransport w) {
      return !w.closedFuture().done();
    }
    return pipe instanceof PipeReadTransport r && !r.closedFuture().done();
  }

  private void wakeWaiters() {
    waiter.forget(loopCloseHook);
    int code = requireNonNull(returncode);
    for (AsyncFuture<Integer> w : exitWaiters) {
      if (!w.cancelled()) {
        w.setResult(code);
      }
    }
    exitWaiters.clear();
  }

  /** asyncio's transport repr: {@code <AsyncProcess pid=123 running>}, {@code returncode=0}, {@code closed}. */
  @Override
  public String toString() {
    return "<AsyncProcess" + (closed ? " closed" : "") + " pid=" + pid()
        + (returncode != null ? " returncode=" + returncode : " running") + ">";
  }
}
