package dev.concurrency.processes.internal;

import dev.concurrency.processes.TransferLimits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The {@code main} of every child JVM: reads its {@link Hello} from stdin, connects to the parent's
 * {@link Rendezvous}, runs the tasks that arrive there and answers on the same socket.
 *
 * <p>The child's stdout and stderr are plain output (the parent forwards them line by line): frames never travel
 * there, so a task's {@code println}, native code or a subprocess that inherits them cannot corrupt anything. As
 * the JVM exits, a shutdown hook writes the hello's end marker on stdout after the last output, so the parent knows
 * the output is complete without waiting for the pipe's end (see {@code OutputPump}).
 *
 * <p>A one-task child started cold finds its task in the hello and runs it without connecting: a success is its
 * exit status 0, and only a failure connects, to send the exception. An idle child (a warm spare, a pool worker)
 * connects at once, warms up, says READY, and serves frames. Answers are acknowledged as Python's pool never
 * does, with a STARTED frame when a task begins, so that the parent knows, if the worker dies, whether the task
 * ran: one that never started is run elsewhere instead of failed. A STARTED frame that follows an answer goes out
 * in the same write.
 *
 * <p>The child never outlives its parent: end of file on the socket (the parent closed it, or died and the kernel
 * closed it) halts the JVM at once, unless the child has just answered its one task; a watch on the parent's process
 * handle does the same for a child that runs its task cold, without a socket.
 */
final class ChildMain {

  /**
   * Set once a one-task child has its answer: from then on the parent closes the socket on purpose (a reader
   * blocked in a native read would hold up the JVM's exit by 10 ms steps), and end of file there is no alarm.
   */
  private static volatile boolean answered;

  /** How long a one-task child waits, after its answer, for the parent to close the socket. */
  private static final long EXIT_WAIT_MS = 1_000;

  /** How long a child runs before it also watches its parent's process handle. */
  private static final long PARENT_WATCH_DELAY_MS = 1_000;

  /** The request id of a cold child's task, as a warm child's would be. */
  private static final long COLD_TASK_ID = 1;

  /** The id of the last task the main thread took: a CANCEL for it or an earlier one comes too late. */
  private static volatile long lastTaken;

  /**
   * Tasks whose CANCEL the reader saw while the main thread was taking them from the inbox, before it recorded
   * {@link #lastTaken}: the main thread skips them. (A CANCEL never overtakes its TASK: the parent queues a
   * worker's frames in order.)
   */
  private static final Set<Long> CANCELLED = ConcurrentHashMap.newKeySet();

  private ChildMain() {}

  public static void main(String[] args) throws InterruptedException {
    Hello hello = readHello();
    System.setIn(InputStream.nullInputStream()); // as Python gives its children os.devnull
    Runtime.getRuntime().addShutdownHook(new Thread(new EndOfOutput(hello.endMarker()), "end-of-output"));
    JvmCommand.Mode mode = mode(args[0]);
    Codec codec = Codec.forChild(allowlist(), hello.limits());
    startDaemon("parent-watch", new ParentWatch(hello.parentPid()));
    byte[] coldTask = hello.task();
    if (coldTask != null) {
      runCold(codec, hello, coldTask);
      return;
    }
    // The connection is made on the reader thread while this one warms up: the first Unix domain socket in a JVM
    // costs tens of milliseconds (see Hello), which then overlaps the warm-up instead of preceding it.
    BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    CompletableFuture<Outbox> connected = new CompletableFuture<>();
    Thread reader = startDaemon("frame-reader", new FrameReader(hello, inbox, connected));
    if (hello.warmUp()) {
      WarmUp.run(codec, mode);
    }
    Outbox outbox = await(connected);
    outbox.send(Frame.control(Frame.Kind.READY, 0));
    serve(mode, codec, hello.limits(), inbox, outbox, reader);
  }

  /** The frame loop of an idle child; returns only to end a one-task child as a plain {@code main} ends. */
  private static void serve(
      JvmCommand.Mode mode, Codec codec, TransferLimits limits, BlockingQueue<Frame> inbox, Outbox outbox, Thread reader)
      throws InterruptedException {
    Frame frame = inbox.take();
    while (true) {
      switch (frame.kind()) {
        case SHUTDOWN -> exit(ExitCodes.OK);
        case INIT -> {
          Frame reply = answer(codec, limits, frame, /* printFailure= */ true);
          outbox.send(reply);
          if (reply.kind() != Frame.Kind.RESULT) {
            exit(ExitCodes.TASK_FAILED); // as Python's worker: an initializer that raised ends it
          }
        }
        case TASK -> {
          lastTaken = frame.id();
          if (CANCELLED.remove(frame.id())) {
            outbox.send(Frame.control(Frame.Kind.SKIPPED, frame.id())); // cancelled before it started: never runs
            frame = inbox.take();
            continue;
          }
          // Sent now, this also carries the answer to the task before, if that was left in the buffer below.
          outbox.write(Frame.control(Frame.Kind.STARTED, frame.id()));
          outbox.flush(); // the parent learns the task began before the task can end this JVM
          boolean oneTask = mode == JvmCommand.Mode.PROCESS;
          Frame reply = answer(codec, limits, frame, /* printFailure= */ oneTask);
          answered = oneTask;
          if (oneTask) {
            outbox.send(reply);
            endAfterOneTask(reply.kind() == Frame.Kind.RESULT, reader);
            return;
          }
          outbox.write(reply);
          Frame following = inbox.poll();
          if (following == null || following.kind() != Frame.Kind.TASK) {
            outbox.flush(); // nothing to start at once: the answer goes alone
          }
          frame = following != null ? following : inbox.take();
          continue;
        }
        default -> {
          standardError().println("child: unexpected " + frame.kind() + " frame from the parent");
          exit(ExitCodes.CHANNEL_LOST);
        }
      }
      frame = inbox.take();
    }
  }

  /** A cold one-task child: runs the task from the hello; connects only to report a failure. */
  private static void runCold(Codec codec, Hello hello, byte[] task) {
    answered = true;
    Frame reply = answer(codec, hello.limits(), new Frame(Frame.Kind.TASK, COLD_TASK_ID, task), /* printFailure= */ true);
    if (reply.kind() == Frame.Kind.RESULT) {
      if (!noOtherUserThread()) {
        exit(ExitCodes.OK); // a user's non-daemon thread would keep the JVM alive after main returns
      }
      flushStandardStreams(); // main returns: status 0, shutdown hooks run, no System.exit and its logger lookup
      return;
    }
    try (SocketChannel parent = Rendezvous.connect(hello.ticket());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(parent)))) {
      Frames.write(out, reply);
    } catch (IOException e) {
      standardError().println("child: cannot report the failure to the parent: " + e); // it is gone; the trace is printed
    }
    exit(ExitCodes.TASK_FAILED);
  }

  /** Ends a one-task child after its answer. */
  private static void endAfterOneTask(boolean ok, Thread reader) throws InterruptedException {
    if (ok && noOtherUserThread()) {
      // The JVM ends as after a plain main: status 0, shutdown hooks run, and the reader, a daemon blocked in a
      // read, is left behind. System.exit would first look up a System.Logger (to log the exit if asked),
      // scanning the class path (15 ms of a cold child), and then wait for that reader.
      flushStandardStreams();
      return;
    }
    // The parent closes the socket once it has the answer. Waiting for the reader to see that end of file saves
    // System.exit 10 ms or more: it waits, in 10 ms steps, for threads blocked in native code.
    reader.join(EXIT_WAIT_MS);
    exit(ok ? ExitCodes.OK : ExitCodes.TASK_FAILED);
  }

  private static Hello readHello() {
    try {
      return Hello.read(new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in))));
    } catch (IOException e) {
      standardError().println("child: no hello from the parent on stdin (" + e + "); a child JVM is started by"
          + " ChildProcess or ProcessPool, not by hand");
      Runtime.getRuntime().halt(ExitCodes.CHANNEL_LOST);
      throw new AssertionError("halt returned", e);
    }
  }

  private static void watchParent(long parentPid) {
    try {
      // Real time is the point: the watch costs a thread pool and milliseconds of class loading, which a child
      // that ends within its first second should never pay. Nothing waits on this thread, and nothing it does is
      // awaited: it is not coordination, so no latch would say more.
      Thread.sleep(PARENT_WATCH_DELAY_MS);
    } catch (InterruptedException e) {
      return; // nobody interrupts this daemon; if someone did, end of file still guards a connected child
    }
    // The parent by its pid, from the hello: one that died before now has left this child to another parent (the
    // init process or a subreaper), whose handle would be the wrong one to watch.
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    boolean adopted = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(parentPid) != parentPid;
    if (parent.isEmpty() || adopted) {
      parentGone();
    }
    parent.get().onExit().thenRun(ChildMain::parentGone);
  }

  private static void parentGone() {
    Runtime.getRuntime().halt(ExitCodes.CHANNEL_LOST);
  }

  /**
   * Decodes and runs one request and encodes its answer. Whatever goes wrong, in the task or in coding it, becomes
   * a FAILURE frame: nothing a task does can end this loop, short of ending the JVM.
   */
  private static Frame answer(Codec codec, TransferLimits limits, Frame request, boolean printFailure) {
    try {
      Callable<?> task = (Callable<?>) codec.decode(request.payload());
      Object result = task.call();
      byte[] encoded = Codec.encodeResult(result);
      if (encoded.length > limits.maxFrameBytes()) {
        throw limits.exceeded(TransferLimits.Limit.MAX_FRAME_BYTES, "the result of task #" + request.id(), encoded.length);
      }
      return new Frame(Frame.Kind.RESULT, request.id(), encoded);
    } catch (Throwable thrown) { // everything the task does wrong is reported to the parent, as data
      if (printFailure) { // as Python's Process prints the traceback of a target that raised
        standardError().println("Exception in child process " + ProcessHandle.current().pid() + ":");
        standardError().print(RemoteFailure.stackText(thrown));
      }
      return new Frame(Frame.Kind.FAILURE, request.id(), RemoteFailure.of(thrown).encode(limits.maxFrameBytes()));
    }
  }

  private static void readFrames(Hello hello, BlockingQueue<Frame> inbox, CompletableFuture<Outbox> connected) {
    SocketChannel parent;
    try {
      parent = Rendezvous.connect(hello.ticket());
    } catch (IOException e) {
      standardError().println("child: cannot connect to the parent: " + e); // it is gone, or gave up on this child
      Runtime.getRuntime().halt(ExitCodes.CHANNEL_LOST);
      return;
    }
    Outbox outbox = new Outbox(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(parent))));
    connected.complete(outbox);
    try (DataInputStream input = new DataInputStream(new BufferedInputStream(Channels.newInputStream(parent)))) {
      Optional<Frame> frame;
      while ((frame = Frames.read(input, hello.limits().maxFrameBytes())).isPresent()) {
        if (frame.get().kind() == Frame.Kind.CANCEL) {
          cancel(frame.get().id(), inbox, outbox);
          continue;
        }
        inbox.add(frame.get());
        if (frame.get().kind() == Frame.Kind.SHUTDOWN) {
          return; // the main thread exits with status 0; the parent's end of file is expected now
        }
      }
    } catch (IOException e) {
      if (!answered) {
        standardError().println("child: the channel to the parent broke: " + e);
      }
    }
    if (!answered) {
      // End of input before the work was done: the parent is gone, and nobody is left to report to.
      Runtime.getRuntime().halt(ExitCodes.CHANNEL_LOST);
    }
  }

  /**
   * Withdraws a task that has not begun. Answered here, on the reader, and not when the main thread comes to it:
   * the pool takes a task back for a worker that is free, and the task this child runs now may never end.
   */
  private static void cancel(long id, BlockingQueue<Frame> inbox, Outbox outbox) {
    if (inbox.removeIf(waiting -> waiting.kind() == Frame.Kind.TASK && waiting.id() == id)) {
      outbox.send(Frame.control(Frame.Kind.SKIPPED, id));
    } else if (id > lastTaken) { // else it runs or ran already, and the parent hears STARTED
      CANCELLED.add(id);
    }
  }

  private static Outbox await(CompletableFuture<Outbox> connected) throws InterruptedException {
    try {
      return connected.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the reader completes the connection normally or halts", e);
    }
  }

  /**
   * The mode named {@code name}. Not {@code Mode.valueOf}: its first call looks the constants up reflectively,
   * which spins method-handle classes, 7 ms of a cold child's start here.
   */
  private static JvmCommand.Mode mode(String name) {
    for (JvmCommand.Mode mode : JvmCommand.Mode.values()) {
      if (mode.name().equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown child mode " + name);
  }

  private static List<String> allowlist() {
    String property = System.getProperty(JvmCommand.ALLOW_PROPERTY, "");
    return property.isEmpty() ? List.of() : Arrays.asList(property.split(","));
  }

  /**
   * Whether no live thread but the caller would keep the JVM from ending after {@code main} returns: a user's
   * non-daemon thread would, and then the child ends with {@code System.exit}, which does not wait for it.
   */
  private static boolean noOtherUserThread() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, /* recurse= */ true);
    if (count == threads.length) {
      return false; // more threads than room: do not guess
    }
    for (int i = 0; i < count; i++) {
      if (threads[i] != Thread.currentThread() && !threads[i].isDaemon() && threads[i].isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** The socket reader's body. A class rather than a lambda: a cold child's first lambda spins classes, 4 ms. */
  private record FrameReader(Hello hello, BlockingQueue<Frame> inbox, CompletableFuture<Outbox> connected)
      implements Runnable {
    @Override
    public void run() {
      readFrames(hello, inbox, connected);
    }
  }

  /** The parent watch's body; a class for the same reason. */
  private record ParentWatch(long parentPid) implements Runnable {
    @Override
    public void run() {
      watchParent(parentPid);
    }
  }

  /** Writes the end marker after the last output, as the JVM exits (a shutdown hook). */
  private record EndOfOutput(String marker) implements Runnable {
    @Override
    public void run() {
      flushStandardStreams();
      try {
        // Straight to file descriptor 1, whatever System.out was replaced with; not closed: it is the stdout.
        @SuppressWarnings("resource")
        java.io.FileOutputStream stdout = new java.io.FileOutputStream(FileDescriptor.out);
        stdout.write((marker + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdout.flush();
      } catch (IOException e) {
        // The stdout is closed: the parent then waits for the end of the pipe instead.
      }
    }
  }

  /**
   * The frames a child sends: READY, STARTED and answers from the main thread, SKIPPED from the reader. Each method
   * holds the lock, so frames never interleave; a SKIPPED may come between two of the main thread's frames (it
   * also sends an answer written but not yet flushed), and the parent matches it by its id.
   */
  private static final class Outbox {
    private final DataOutputStream out;

    Outbox(DataOutputStream out) {
      this.out = out;
    }

    /** Writes a frame without sending it yet. */
    synchronized void write(Frame frame) {
      try {
        if (ChildFaults.stallMidResult(out, frame)) {
          return; // never: the hook stops this thread for good
        }
        Frames.writeUnflushed(out, frame);
      } catch (IOException e) {
        parentGone();
      }
    }

    /** Sends what was written. */
    synchronized void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        parentGone();
      }
    }

    synchronized void send(Frame frame) {
      write(frame);
      flush();
    }
  }

  private static Thread startDaemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Where the child's own messages go: {@code System.err}, or the real standard error when a task set it to
   * {@code null} (Python's test_error_on_stdio_flush: a child whose streams are broken still ends normally).
   */
  private static java.io.PrintStream standardError() {
    java.io.PrintStream err = System.err;
    return err != null ? err : new java.io.PrintStream(new java.io.FileOutputStream(FileDescriptor.err), true);
  }

  /** Flushes {@code System.out} and {@code System.err}, whichever a task left set. */
  private static void flushStandardStreams() {
    java.io.PrintStream out = System.out;
    if (out != null) {
      out.flush();
    }
    java.io.PrintStream err = System.err;
    if (err != null) {
      err.flush();
    }
  }

  private static void exit(int status) {
    flushStandardStreams();
    System.exit(status);
  }
}
