package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import org.jspecify.annotations.Nullable;

/**
 * The parent's side of one child JVM: starts it, sends it frames, hands every frame it answers to a
 * {@link Listener}, forwards its stderr (where its {@code System.out} goes) line by line, and reports its exit
 * once, after the last frame and the last line.
 *
 * <p>Thread-safe: {@link #send} is serialized on the writer; the listener is called from this child's reader
 * thread only, frames first, then {@link Listener#onExit} exactly once.
 */
public final class ChildJvm {

  /** What happens in the child, as seen from its reader thread. */
  public interface Listener {
    /** A frame arrived. */
    void onFrame(ChildJvm child, Frame frame);

    /**
     * The child is gone: its stdout closed, it exited, and its output was forwarded.
     *
     * @param exitCode the status in Python's convention ({@link ExitCodes})
     */
    void onExit(ChildJvm child, int exitCode);
  }

  /** How long a child that closed its stdout may take to exit before it is killed. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

  private final Process process;
  private volatile String name;
  private final DataOutputStream writer;

  @GuardedBy("this")
  private Listener listener;

  @GuardedBy("this")
  private boolean exited;

  private volatile PrintStream output;
  private final CountDownLatch gone = new CountDownLatch(1);
  private volatile @Nullable Integer exitCode;

  private final ClassDataArchive.Plan archive;

  private ChildJvm(Process process, String name, PrintStream output, Listener listener, ClassDataArchive.Plan archive) {
    this.process = process;
    this.archive = archive;
    this.name = name;
    this.listener = listener;
    this.output = output;
    this.writer = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
    Thread pump = daemon(name + "-output", this::forward);
    daemon(name + "-reader", () -> readUntilExit(pump));
  }

  /**
   * Starts a child.
   *
   * @param command the command line
   * @param name a name for threads and messages
   * @param output where the child's printed lines go
   * @param daemon whether the child is killed when this JVM exits ({@code false}: this JVM waits for it)
   * @param listener told about frames and the exit
   * @throws IOException if the JVM cannot be started
   */
  public static ChildJvm start(
      JvmCommand command, String name, PrintStream output, boolean daemon, Listener listener) throws IOException {
    requireNonNull(name, "name");
    requireNonNull(output, "output");
    requireNonNull(listener, "listener");
    ClassDataArchive.Plan archive = ClassDataArchive.plan(command);
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command.toList(archive.options()));
      // The child's shared memory is tracked by the root of the process tree (see Tracker).
      builder.environment().put(Tracker.ENVIRONMENT, Tracker.childEnvironment());
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      if (archive.failed() != null) {
        archive.failed().run();
      }
      throw e;
    }
    ChildRegistry.register(process, daemon);
    return new ChildJvm(process, name, output, listener, archive);
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  /** The child's name. */
  public String name() {
    return name;
  }

  /** The process handle, for waiting on it or listing its descendants. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Sends one frame.
   *
   * @throws IOException if the child's stdin is closed (it is exiting or gone); its exit is reported to the
   *     listener as usual
   */
  public void send(Frame frame) throws IOException {
    synchronized (writer) {
      Frames.write(writer, frame);
    }
  }

  /** Closes the child's stdin; a child reads end of file as "the parent is gone" and exits. Idempotent. */
  public void closeInput() {
    synchronized (writer) {
      try {
        writer.close();
      } catch (IOException e) {
        // The pipe was already broken: the child is exiting, which is what closing asks for.
      }
    }
  }

  /**
   * Signals the child and its descendants.
   *
   * @param force {@code SIGKILL} if {@code true}, else {@code SIGTERM}
   */
  public void destroyTree(boolean force) {
    ProcessTrees.destroy(process.toHandle(), force);
  }

  /**
   * Waits until the child exited and its output and frames were all delivered.
   *
   * @return {@code true} if it is gone, {@code false} if the timeout elapsed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitGone(Duration timeout) throws InterruptedException {
    return gone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The exit status in Python's convention, once {@link #awaitGone} returned {@code true}. */
  public OptionalInt exitCode() {
    Integer code = exitCode;
    return code == null ? OptionalInt.empty() : OptionalInt.of(code);
  }

  private void readUntilExit(Thread pump) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream()))) {
      Optional<Frame> frame;
      while ((frame = Frames.read(in, Frames.DEFAULT_MAX_PAYLOAD)).isPresent()) {
        currentListener().onFrame(this, frame.get());
      }
    } catch (IOException | RuntimeException e) {
      // A corrupt or broken channel, or a listener that failed: the child cannot be served any more, so it is
      // ended, and its exit is reported below like any other, which fails whatever it was running.
      System.err.println(name + ": the channel to the child failed: " + e);
      destroyTree(/* force= */ true);
    }
    int status = awaitExit();
    Runnable archiveStep = status == ExitCodes.OK ? archive.written() : archive.failed();
    if (archiveStep != null) {
      archiveStep.run();
    }
    closeInput();
    joinQuietly(pump);
    exitCode = status;
    ChildRegistry.unregister(process);
    Listener last;
    synchronized (this) {
      exited = true;
      last = listener;
    }
    try {
      last.onExit(this, status);
    } finally {
      gone.countDown();
    }
  }

  private int awaitExit() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            destroyTree(/* force= */ true); // closed its stdout yet lingers: it can no longer do its job
            process.waitFor();
          }
          return ExitCodes.toPython(process.exitValue());
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

  private synchronized Listener currentListener() {
    return listener;
  }

  /**
   * Hands a started child to a new owner: a warm spare, started before its task was known, becomes a named
   * process with its owner's output, listener and daemon flag.
   *
   * @return {@code false} if the child is already gone (its exit went to the previous listener)
   */
  public synchronized boolean rebind(String newName, PrintStream newOutput, boolean daemon, Listener newListener) {
    if (exited || !process.isAlive()) {
      return false;
    }
    name = requireNonNull(newName, "newName");
    output = requireNonNull(newOutput, "newOutput");
    listener = requireNonNull(newListener, "newListener");
    ChildRegistry.register(process, daemon);
    return true;
  }

  private void forward() {
    try (BufferedReader lines = process.errorReader(StandardCharsets.UTF_8)) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.println(line);
      }
    } catch (IOException e) {
      // The child's stderr broke: it is gone; its exit is reported by the reader thread.
    }
  }

  private static void joinQuietly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
