package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.concurrency.processes.internal.ChildJvm;
import dev.concurrency.processes.internal.Codec;
import dev.concurrency.processes.internal.ExitCodes;
import dev.concurrency.processes.internal.Frame;
import dev.concurrency.processes.internal.JvmCommand;
import dev.concurrency.processes.internal.RemoteFailure;
import dev.concurrency.processes.internal.RunnableTask;
import dev.concurrency.processes.internal.WarmSpares;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A task running in a child JVM: the parent's own {@code java} binary and class path, started for this task
 * alone.
 *
 * {@snippet class=dev.concurrency.processes.ProcessSnippetsTest region=startJoin}
 *
 * <p>The target is encoded when the process is built, so a target that cannot cross the process boundary is
 * refused at once with an {@link IllegalArgumentException} naming what is not serializable. A target that is a
 * static method without arguments (a method reference such as {@code Tasks::task1}, or a lambda that captures
 * nothing) is sent by name and called reflectively in the child, which spares a cold child deserialization;
 * any other target is serialized. The child's
 * {@code System.out} and {@code System.err} arrive, line by line, on the {@link Builder#output output} stream
 * ({@code System.out} by default), and {@link #join} returns only after the last line was forwarded. If the
 * target throws, the child prints the trace (as Python does), exits with status 1, and {@link #failure()} holds
 * the exception as a {@link RemoteException}.
 *
 * <p>{@link #exitCode()} follows Python: empty while running, the exit status afterwards, minus the signal
 * number when a signal ended the child ({@code -15} after {@link #terminate()}, {@code -9} after
 * {@link #kill()}). Both signal the whole tree: the child's descendants are listed first, then everything is
 * signalled. A child never outlives this JVM: a daemon child is killed when this JVM exits normally (this JVM
 * waits up to a minute for a non-daemon one), and every child halts when its stdin reaches end of file, which
 * is what happens when this JVM dies.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions in a thread before {@link #start()}
 * <i>happen-before</i> the child receives its task (the target is serialized then); the child's exit and
 * forwarded output <i>happen-before</i> a {@link #join} that returns with the child gone.
 *
 * <p><b>Python:</b> {@code multiprocessing.Process} with the {@code spawn} start method. Differences: the class
 * is not named {@code Process} so as not to hide {@link java.lang.Process}; {@code join(timeout)} returns
 * whether the child is gone; the child's output is forwarded by the parent rather than written to an inherited
 * file descriptor. With {@link Builder#warmSpare warmSpare(true)}, {@code start} hands the task to an already
 * booted JVM when one is waiting and boots the next when that child exits: the analogue of the {@code forkserver}
 * start method (a JVM cannot fork itself).
 */
public final class ChildProcess implements AutoCloseable {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;
  private final boolean daemon;
  private final PrintStream output;
  private final JvmCommand command;
  private final byte[] target;
  private final boolean warmSpare;

  @GuardedBy("this")
  private State state = State.NEW;

  @GuardedBy("this")
  private @Nullable ChildJvm child;

  private volatile @Nullable RemoteException failure;

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private ChildProcess(Builder builder, byte[] target) {
    this.name = builder.name != null ? builder.name : "Process-" + COUNTER.incrementAndGet();
    this.daemon = builder.daemon;
    this.output = builder.output;
    this.command = commandOf(builder);
    this.target = target;
    this.warmSpare = builder.warmSpare;
  }

  /**
   * A process that will run {@code target}, with the defaults of {@link #builder}.
   *
   * @throws IllegalArgumentException if the target cannot be serialized
   */
  public static ChildProcess of(SerializableRunnable target) {
    return builder(target).build();
  }

  /**
   * Boots a warm spare for processes with these JVM options and allowlist patterns, so that the next
   * {@link Builder#warmSpare warmSpare(true)} start with the same settings takes it. Returns at once.
   *
   * @throws UncheckedIOException if the JVM cannot be started
   */
  public static void prewarm(List<String> jvmOptions, String... allow) {
    JvmCommand command = JvmCommand.ofCurrentJvm(jvmOptions, List.of(allow), JvmCommand.Mode.PROCESS);
    try {
      WarmSpares.replenish(command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM with " + command.toList(), e);
    }
  }

  /**
   * Boots a warm spare for processes built like {@code settings} (its JVM options, allowlist and archive; its
   * target plays no part), so that the next {@link Builder#warmSpare warmSpare(true)} start with the same settings
   * takes it. Returns at once.
   *
   * @throws UncheckedIOException if the JVM cannot be started
   */
  public static void prewarm(Builder settings) {
    JvmCommand command = commandOf(settings);
    try {
      WarmSpares.replenish(command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM with " + command.toList(), e);
    }
  }

  /**
   * Waits until the warm spare for processes built like {@code settings} has booted and warmed up, so that the
   * next {@link Builder#warmSpare warmSpare(true)} start hands its task over instead of booting a JVM: for
   * callers that measure a hand-over, as a forkserver is up before it is asked. A spare is started by {@link
   * #prewarm(Builder)} and, a moment after it exits, by each warm child.
   *
   * @return whether a ready spare is waiting; {@code false} if none was within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   */
  public static boolean awaitPrewarmed(Builder settings, Duration timeout) throws InterruptedException {
    return WarmSpares.awaitReady(commandOf(settings), timeout);
  }

  private static JvmCommand commandOf(Builder settings) {
    return JvmCommand.ofCurrentJvm(
        settings.jvmOptions, settings.allowlist.build(), JvmCommand.Mode.PROCESS, settings.classDataArchive);
  }

  /** A builder for a process that will run {@code target}. */
  public static Builder builder(SerializableRunnable target) {
    return new Builder(target);
  }

  /** The process's name: the one given, or {@code Process-N}. */
  public String name() {
    return name;
  }

  /** Whether the child is killed when this JVM exits, instead of waited for. */
  public boolean daemon() {
    return daemon;
  }

  /** The command line the child is started with, as data. */
  public List<String> command() {
    return command.toList();
  }

  /**
   * Starts the child and hands it the target.
   *
   * @throws IllegalStateException if the process was already started or closed
   * @throws UncheckedIOException if the JVM cannot be started
   */
  public synchronized void start() {
    Preconditions.checkState(state == State.NEW, "%s was already %s: a process can be started once", name, state);
    Listener listener = new Listener();
    ChildJvm started;
    try {
      Optional<ChildJvm> spare = warmSpare ? WarmSpares.take(command) : Optional.empty();
      if (spare.isPresent() && spare.get().rebind(name, output, daemon, listener)) {
        started = spare.get();
      } else {
        started = ChildJvm.start(command, name, output, daemon, listener);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM with " + command.toList(), e);
    }
    child = started;
    state = State.STARTED;
    try {
      started.send(new Frame(Frame.Kind.TASK, 1, target));
    } catch (IOException e) {
      // The child died before reading its task (a bad JVM option, say); its exit status tells the story.
    }
  }

  /**
   * Waits until the child has exited and its output was forwarded.
   *
   * @throws IllegalStateException if the process was not started
   * @throws InterruptedException if interrupted while waiting; the child keeps running
   */
  public void join() throws InterruptedException {
    while (!join(Duration.ofDays(1))) {
      // keep waiting, as Python's join() without a timeout does
    }
  }

  /**
   * Waits at most {@code timeout} until the child has exited and its output was forwarded.
   *
   * @return {@code true} if the child is gone, {@code false} if the timeout elapsed first
   * @throws IllegalArgumentException if the timeout is negative
   * @throws IllegalStateException if the process was not started
   * @throws InterruptedException if interrupted while waiting; the child keeps running
   */
  public boolean join(Duration timeout) throws InterruptedException {
    requireNonNull(timeout, "timeout");
    Preconditions.checkArgument(!timeout.isNegative(), "timeout must not be negative, was %s", timeout);
    return started("join").awaitGone(timeout);
  }

  /** Whether the child was started and has not exited yet. */
  public synchronized boolean isAlive() {
    return child != null && child.exitCode().isEmpty();
  }

  /** The exit status in Python's convention: empty until the child is gone (see the class doc). */
  public synchronized OptionalInt exitCode() {
    return child == null ? OptionalInt.empty() : child.exitCode();
  }

  /** The exception the target threw, once the child is gone; empty if it returned normally or was killed. */
  public Optional<RemoteException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * The child's operating-system process id.
   *
   * @throws IllegalStateException if the process was not started
   */
  public long pid() {
    return started("pid").pid();
  }

  /**
   * Sends {@code SIGTERM} to the child and its descendants; the JVM runs its shutdown hooks and exits with
   * status {@code -15}. Does nothing if the child is gone.
   *
   * @throws IllegalStateException if the process was not started
   */
  public void terminate() {
    started("terminate").destroyTree(/* force= */ false);
  }

  /**
   * Sends {@code SIGKILL} to the child and its descendants; the exit status is {@code -9}. Does nothing if the
   * child is gone.
   *
   * @throws IllegalStateException if the process was not started
   */
  public void kill() {
    started("kill").destroyTree(/* force= */ true);
  }

  /**
   * Releases the process. Idempotent.
   *
   * @throws IllegalStateException if the child is still running (as Python raises {@code ValueError})
   */
  @Override
  public synchronized void close() {
    Preconditions.checkState(
        !isAlive(), "%s is still running; join, terminate or kill it before closing it", name);
    state = State.CLOSED;
  }

  private synchronized ChildJvm started(String operation) {
    Preconditions.checkState(child != null, "cannot %s %s: it was not started", operation, name);
    return child;
  }

  @Override
  public String toString() {
    OptionalInt code = exitCode();
    String status = state == State.NEW ? "initial" : code.isPresent() ? "exitcode=" + code.getAsInt() : "started";
    return "<ChildProcess name='" + name + "' " + status + (daemon ? " daemon>" : ">");
  }

  private void replenishSpare() {
    try {
      WarmSpares.replenish(command);
    } catch (IOException e) {
      System.err.println(name + ": cannot start the next warm spare: " + e); // the next start() boots cold
    }
  }

  /** Records the target's failure, if it reports one. */
  private final class Listener implements ChildJvm.Listener {
    @Override
    public void onFrame(ChildJvm child, Frame frame) {
      if (frame.kind() == Frame.Kind.RESULT || frame.kind() == Frame.Kind.FAILURE) {
        child.closeInput(); // the child is exiting; its stdin reader must not hold the exit up (see ChildMain)
      }
      if (frame.kind() == Frame.Kind.FAILURE) {
        try {
          RemoteFailure remote = RemoteFailure.decode(frame.payload());
          failure = new RemoteException(remote.type(), remote.message(), remote.stack());
        } catch (IOException e) {
          failure = new RemoteException("java.io.IOException", "undecodable failure report: " + e, "");
        }
      }
    }

    @Override
    public void onExit(ChildJvm child, int exitCode) {
      // exitCode() reads it from the child. The next spare boots now rather than at start(): booting beside the
      // task, on this machine's two cores, it took half the CPU from the very task it was meant to speed up. It
      // is started from a thread of its own, so that join() does not wait for the fork and exec either.
      if (warmSpare) {
        Thread.ofPlatform().daemon().name(name + "-next-spare").start(ChildProcess.this::replenishSpare);
      }
    }
  }

  /**
   * Configuration of a {@link ChildProcess}; not thread-safe.
   */
  public static final class Builder extends ChildSettings<Builder> {
    private final SerializableRunnable target;
    private @Nullable String name;
    private boolean daemon;
    private boolean warmSpare;

    private Builder(SerializableRunnable target) {
      this.target = requireNonNull(target, "target");
    }

    /** The process's name ({@code Process-N} by default). */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Whether the child is killed when this JVM exits ({@code false} by default: this JVM waits for it). */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Whether {@code start} takes an already booted JVM when one is waiting, and boots the next one when the child
     * exits, so that the boot never competes with the task for the CPU ({@code false} by default). The first
     * start with a given command line still boots a JVM, and so does a start while the spare is taken;
     * {@link ChildProcess#prewarm} boots one ahead of it. A spare is a daemon child until it is taken.
     */
    public Builder warmSpare(boolean warmSpare) {
      this.warmSpare = warmSpare;
      return this;
    }

    /**
     * Builds the process, serializing the target now.
     *
     * @throws IllegalArgumentException if the target, or something it captures, is not serializable
     */
    public ChildProcess build() {
      byte[] payload = Tasks.encodeTask(new RunnableTask(target), () -> "the target of a ChildProcess");
      Codec.allowing(allowlist.build(), 1, 1); // validates the patterns now rather than in the child
      return new ChildProcess(this, payload);
    }
  }
}
