package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.concurrency.processes.TransferLimits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The parent's side of one child JVM: starts it, meets it on a {@link Rendezvous}, sends it frames, hands every
 * frame it answers to a {@link Listener}, forwards its output line by line, and reports its exit once.
 *
 * <p><b>The channels.</b> The child's stdin carries one {@link Hello} and is then closed. Frames travel both ways
 * over a Unix domain socket the child connects to, in a directory only this user can enter, with a random token;
 * frames sent before the child connected wait here and go out when it does. The child's stdout and stderr are
 * plain output, merged into one pipe that {@link OutputPump} forwards: whatever writes to them (a task's
 * {@code println}, native code, the JVM's own messages, a subprocess that inherits them) reaches the output and
 * cannot disturb a frame.
 *
 * <p><b>The exit.</b> What counts is the child's own exit, not its pipes: a process the child started may keep its
 * output pipe open for its whole life. When the child exits, {@link Listener#onExit} is called once its socket was
 * read to the end (at most {@link #CHANNEL_GRACE} later, in case a descendant holds that socket), without waiting
 * for the output; {@link #awaitGone} also waits for the output to be forwarded, up to the end marker the child
 * writes as it exits ({@link OutputPump}), or at most {@link #OUTPUT_GRACE} when it wrote none (it was killed).
 *
 * <p>Thread-safe: {@link #send} is serialized; the listener is called from this child's reader thread only,
 * frames first, then {@link Listener#onExit} exactly once.
 */
public final class ChildJvm {

  /** What happens in the child, as seen from its reader thread. */
  public interface Listener {
    /**
     * A frame arrived.
     *
     * @param child the child
     * @param frame the frame
     */
    void onFrame(ChildJvm child, Frame frame);

    /**
     * The child is gone: it exited and its channel was read to the end.
     *
     * @param exitCode the status in Python's convention ({@link ExitCodes})
     * @param child the child
     */
    void onExit(ChildJvm child, int exitCode);
  }

  /** How long a child that closed its channel may take to exit before it is killed. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

  /** How long an idle child (a pool worker, a warm spare) may take to connect before it is killed. */
  static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);

  /** How long after the child's exit its channel may stay open (held by a descendant) before it is closed. */
  static final Duration CHANNEL_GRACE = Duration.ofSeconds(2);

  /** How long {@link #awaitGone} waits after the exit for output the child ended without a marker. */
  static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

  private final Process process;
  private final Rendezvous rendezvous;
  /** Set by the exit watcher when it stops waiting for a connection after {@link #CONNECT_TIMEOUT}. */
  private volatile boolean gaveUpWaiting;
  private final OutputPump pump;
  private final TransferLimits limits;
  private final ClassDataArchive.Plan archive;
  private volatile String name;

  private final Object sendLock = new Object();

  @GuardedBy("sendLock")
  private @Nullable DataOutputStream out;

  @GuardedBy("sendLock")
  private @Nullable SocketChannel channel;

  /** Frames sent before the child connected. */
  @GuardedBy("sendLock")
  private final List<Frame> pending = new ArrayList<>();

  /** Frames {@linkplain #enqueue queued} in their order, waiting for {@link #sendQueued}. */
  private final ConcurrentLinkedQueue<Frame> queued = new ConcurrentLinkedQueue<>();

  /** {@link #closeChannel} was called: once connected, the child gets end of file. */
  @GuardedBy("sendLock")
  private boolean closing;

  /** The child will never read another frame: it never connected, or its channel is done. */
  @GuardedBy("sendLock")
  private boolean unreachable;

  @GuardedBy("this")
  private Listener listener;

  @GuardedBy("this")
  private boolean exited;

  private final CountDownLatch readerDone = new CountDownLatch(1);
  private final CountDownLatch gone = new CountDownLatch(1);
  private volatile @Nullable Integer exitCode;

  private ChildJvm(
      Process process,
      Rendezvous rendezvous,
      OutputPump pump,
      TransferLimits limits,
      ClassDataArchive.Plan archive,
      String name,
      Listener listener) {
    this.process = process;
    this.rendezvous = rendezvous;
    this.pump = pump;
    this.limits = limits;
    this.archive = archive;
    this.name = name;
    this.listener = listener;
  }

  /**
   * Starts a child JVM.
   *
   * @param command the command line
   * @param name a name for threads and messages
   * @param output where the child's printed lines go
   * @param daemon whether the child is killed when this JVM exits ({@code false}: this JVM waits for it)
   * @param listener told about frames and the exit
   * @param coldTask a one-task child's task, handed over on its stdin so it can run without connecting, or
   *     {@code null} for a child that connects and waits for frames (a pool worker, a warm spare); such a child
   *     warms up first, and is killed if it has not connected within {@link #CONNECT_TIMEOUT}
   * @return the child, starting
   * @throws IOException if the JVM cannot be started or the rendezvous cannot be made
   */
  public static ChildJvm start(
      JvmCommand command, String name, PrintStream output, boolean daemon, Listener listener, byte @Nullable [] coldTask)
      throws IOException {
    requireNonNull(name, "name");
    requireNonNull(output, "output");
    requireNonNull(listener, "listener");
    ClassDataArchive.Plan archive = ClassDataArchive.plan(command);
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command.toList(archive.options())).redirectErrorStream(true);
      // The child's shared memory is tracked by the root of the process tree (see Tracker).
      builder.environment().put(Tracker.ENVIRONMENT, Tracker.childEnvironment());
      builder.environment().put(ProcessNames.ENVIRONMENT, name); // current_process().name, for lock reprs
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      if (archive.failed() != null) {
        archive.failed().run();
      }
      throw e;
    }
    ChildRegistry.register(process, daemon);
    // The rendezvous is made after the start, so that its cost (the first one in a JVM initializes the JDK's
    // Unix domain sockets) overlaps the child's boot; the child waits for its hello on stdin meanwhile.
    Rendezvous rendezvous;
    try {
      rendezvous = Rendezvous.open();
    } catch (IOException | RuntimeException e) {
      ProcessTrees.destroy(process.toHandle(), /* force= */ true);
      ChildRegistry.unregister(process);
      throw e;
    }
    String endMarker = "\u0000end-of-output " + Rendezvous.secret(); // a NUL: no line a program prints by chance
    OutputPump pump = new OutputPump(process.getInputStream(), endMarker, output);
    ChildJvm child = new ChildJvm(process, rendezvous, pump, command.limits(), archive, name, listener);
    long self = ProcessHandle.current().pid();
    child.greet(new Hello(rendezvous.ticket(), self, endMarker, coldTask == null, command.limits(), coldTask));
    child.startThreads(coldTask == null);
    return child;
  }

  /** Writes the hello on the child's stdin and closes it: the one thing the stdin carries. */
  private void greet(Hello hello) {
    try (DataOutputStream stdin = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()))) {
      hello.write(stdin);
    } catch (IOException e) {
      // The child died before reading it (a bad JVM option, say): its exit status tells the story.
    }
  }

  private void startThreads(boolean expectsConnection) {
    daemon(name + "-output", pump);
    daemon(name + "-reader", this::serve);
    // A thread of its own, not Process.onExit(): that completes in the common fork-join pool, which a caller's
    // blocking tasks can fill, and then this child's exit would go unnoticed.
    daemon(name + "-exit", () -> watchExit(expectsConnection));
  }

  /**
   * Waits for the child's exit; then stops waiting for it to connect, and makes sure its channel ends soon. A child
   * that should connect and has not within {@link #CONNECT_TIMEOUT} is given up on (its reader then kills it).
   */
  private void watchExit(boolean expectsConnection) {
    if (expectsConnection && !waitForExit(CONNECT_TIMEOUT) && readerDone.getCount() > 0 && !connected()) {
      gaveUpWaiting = true;
      rendezvous.abandon();
    }
    waitForExit(null);
    rendezvous.abandon(); // a connection made before the exit is still accepted
    if (!awaitQuietly(readerDone, CHANNEL_GRACE)) {
      synchronized (sendLock) { // a descendant holds the socket: the reader would wait on it for that one's life
        closeQuietly(channel);
      }
    }
  }

  private boolean connected() {
    synchronized (sendLock) {
      return channel != null;
    }
  }

  /** Waits for the process to exit, at most {@code limit} (forever if null); returns whether it did. */
  private boolean waitForExit(@Nullable Duration limit) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (limit == null) {
            process.waitFor();
            return true;
          }
          return process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true; // nobody interrupts this daemon; waiting on is its whole job
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch, Duration limit) {
    try {
      return latch.await(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The operating system's process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * The child's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The process handle, for waiting on it or listing its descendants.
   *
   * @return the handle
   */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * Whether the process is still running.
   *
   * @return whether it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The limits this child was started with.
   *
   * @return the limits
   */
  public TransferLimits limits() {
    return limits;
  }

  /**
   * Sends one frame, or keeps it until the child connects.
   *
   * @param frame the frame
   * @throws IOException if the child can no longer receive frames (it never connected, or its channel broke);
   *     its exit is reported to the listener as usual
   */
  public void send(Frame frame) throws IOException {
    synchronized (sendLock) {
      if (unreachable || closing) {
        throw new IOException(this + " takes no more frames: it is exiting or gone");
      }
      if (out == null) {
        pending.add(frame);
        return;
      }
      Frames.write(out, frame);
    }
  }

  /**
   * Queues a frame to go after every frame queued before it, whichever thread then sends them. A pool decides the
   * order of its frames under its lock and writes them after releasing it; if each thread wrote its own, two
   * tasks given to one worker by two threads could arrive reversed, and the worker would run them in an order the
   * pool does not expect.
   *
   * @param frame the frame
   */
  public void enqueue(Frame frame) {
    queued.add(requireNonNull(frame, "frame"));
  }

  /**
   * Sends the queued frames, in their order. A child that can no longer receive frames is exiting: the rest are
   * dropped, and its exit is reported to the listener as usual, which settles what they carried.
   */
  public void sendQueued() {
    synchronized (sendLock) { // held while taking and writing, so that no other sender's frame gets in between
      for (Frame frame = queued.poll(); frame != null; frame = queued.poll()) {
        try {
          send(frame);
        } catch (IOException e) {
          queued.clear();
          return;
        }
      }
    }
  }

  /**
   * Ends the frames to the child: it reads end of file (once it has the frames sent before), which it takes as
   * "the parent is done with me" and exits. Idempotent.
   */
  public void closeChannel() {
    synchronized (sendLock) {
      closing = true;
      if (channel != null) {
        try {
          out.flush();
          channel.shutdownOutput();
        } catch (IOException e) {
          // The channel already broke: the child is exiting, which is what closing asks for.
        }
      }
    }
  }

  /**
   * Signals the child and its descendants.
   *
   * @param force {@code SIGKILL} if {@code true}, else {@code SIGTERM} (see {@link Platform})
   */
  public void destroyTree(boolean force) {
    ProcessTrees.destroy(process.toHandle(), force);
  }

  /**
   * Waits until the child exited, its frames were delivered and its output was forwarded.
   *
   * @param timeout how long to wait
   * @return {@code true} if it is gone, {@code false} if the timeout elapsed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitGone(Duration timeout) throws InterruptedException {
    return gone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The exit status in Python's convention, once the child exited and its listener was told.
   *
   * @return the status, or empty while it runs
   */
  public OptionalInt exitCode() {
    Integer code = exitCode;
    return code == null ? OptionalInt.empty() : OptionalInt.of(code);
  }

  /** The reader thread's body: meet the child, read its frames, report its exit. */
  private void serve() {
    try {
      Optional<SocketChannel> connected = accept();
      if (connected.isPresent()) {
        readFrames(connected.get());
      } else if (isAlive()) {
        // Also reached when the rendezvous was closed under the reader (this JVM exits: Rendezvous closes those
        // still open); only the timeout is worth a line on stderr.
        if (gaveUpWaiting) {
          System.err.println(name + ": the child did not connect within " + CONNECT_TIMEOUT + "; killing it");
        }
        destroyTree(/* force= */ true);
      }
    } finally {
      synchronized (sendLock) {
        unreachable = true;
        pending.clear();
      }
      readerDone.countDown();
      reportExit();
    }
  }

  private Optional<SocketChannel> accept() {
    try {
      Optional<SocketChannel> connected = rendezvous.accept();
      if (connected.isPresent()) {
        attach(connected.get());
      }
      return connected;
    } catch (IOException e) {
      System.err.println(name + ": cannot accept the child's connection: " + e);
      destroyTree(/* force= */ true);
      return Optional.empty();
    }
  }

  /** The child connected: the frames kept for it go out, and from now on every frame goes straight out. */
  private void attach(SocketChannel connected) throws IOException {
    synchronized (sendLock) {
      channel = connected;
      DataOutputStream stream = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(connected)));
      out = stream;
      for (Frame frame : pending) {
        Frames.write(stream, frame);
      }
      pending.clear();
      if (closing) {
        connected.shutdownOutput();
      }
    }
  }

  private void readFrames(SocketChannel connected) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(connected)))) {
      Optional<Frame> frame;
      while ((frame = Frames.read(in, limits.maxFrameBytes())).isPresent()) {
        currentListener().onFrame(this, frame.get());
      }
    } catch (IOException | RuntimeException e) {
      if (isAlive()) {
        // A corrupt or broken channel, or a listener that failed: the child cannot be served any more, so it is
        // ended, and its exit is reported like any other, which fails whatever it was running.
        System.err.println(name + ": the channel to the child failed: " + e);
        destroyTree(/* force= */ true);
      } // else: the child died while sending, or the channel was released after its exit; its status says why
    }
  }

  private void reportExit() {
    int status = awaitExit();
    Runnable archiveStep = status == ExitCodes.OK ? archive.written() : archive.failed();
    if (archiveStep != null) {
      archiveStep.run();
    }
    synchronized (sendLock) {
      closeQuietly(channel);
    }
    rendezvous.close();
    exitCode = status;
    ChildRegistry.unregister(process);
    Tracker.childExited(process.pid()); // a child killed while it made a segment leaves a half-made file
    Listener last;
    synchronized (this) {
      exited = true;
      last = listener;
    }
    try {
      last.onExit(this, status);
    } finally {
      pump.awaitDrained(OUTPUT_GRACE);
      gone.countDown();
    }
  }

  private int awaitExit() {
    if (!waitForExit(EXIT_GRACE)) {
      destroyTree(/* force= */ true); // ended its channel yet lingers: it can no longer do its job
      waitForExit(null);
    }
    return ExitCodes.toPython(process.exitValue());
  }

  private synchronized Listener currentListener() {
    return listener;
  }

  /**
   * Hands a started child to a new owner: a warm spare, started before its task was known, becomes a named
   * process with its owner's output, listener and daemon flag.
   *
   * @param newName the owner's name for it
   * @param newOutput where its output goes from now on
   * @param daemon whether it is a daemon child
   * @param newListener the owner's listener
   * @return {@code false} if the child is already gone (its exit went to the previous listener)
   */
  public synchronized boolean rebind(String newName, PrintStream newOutput, boolean daemon, Listener newListener) {
    if (exited || !process.isAlive()) {
      return false;
    }
    name = requireNonNull(newName, "newName");
    pump.redirect(newOutput);
    listener = requireNonNull(newListener, "newListener");
    ChildRegistry.register(process, daemon);
    return true;
  }

  private static void closeQuietly(@Nullable SocketChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // closing to release it: nothing useful to do with a failure
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
