package dev.concurrency.processes.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The {@code main} of every child JVM: reads frames from stdin, runs what they carry, answers on stdout.
 *
 * <p>Before any user code runs it takes the real stdout for the frame channel and points {@code System.out} at
 * stderr, so a task's {@code println} can never corrupt a frame (the parent forwards the child's stderr to its
 * own console, line by line). It also takes stdin away from user code for the same reason.
 *
 * <p>The child never outlives its parent: a reader thread owns stdin, and end of file there (the parent closed
 * the pipe, or died and the kernel closed it) halts the JVM at once; a watch on the parent's process handle does
 * the same if the pipe somehow stays open.
 */
final class ChildMain {

  /**
   * Set once a one-task child has its answer: from then on the parent closes stdin on purpose (a reader blocked
   * in a native read would hold up the JVM's exit by 300 ms), and end of file there is no longer an alarm.
   */
  private static volatile boolean answered;

  /** How long a one-task child waits, after its answer, for the parent to close its stdin. */
  private static final long EXIT_WAIT_MS = 1_000;

  /** How long a child runs before it also watches its parent's process handle. */
  private static final long PARENT_WATCH_DELAY_MS = 1_000;

  /** The id of the last task the main thread took: a CANCEL for it or an earlier one comes too late. */
  private static volatile long lastTaken;

  /** Tasks cancelled while they waited in the inbox; the main thread skips them. */
  private static final Set<Long> CANCELLED = ConcurrentHashMap.newKeySet();

  private ChildMain() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    DataOutputStream channel = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
    DataInputStream input = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
    System.setOut(System.err);
    System.setIn(InputStream.nullInputStream());
    JvmCommand.Mode mode = mode(args[0]);
    Codec codec = Codec.forChild(allowlist(), Frames.DEFAULT_MAX_PAYLOAD, 1000);
    // A cold one-task child finds its task already in the pipe (the parent wrote it right after the spawn): it
    // runs it at once. An idle one (a warm spare, a pool worker) first warms up, so its first task is fast.
    boolean taskWaiting = input.available() > 0;

    BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    Thread reader = startDaemon("frame-reader", new FrameReader(input, inbox));
    if (mode == JvmCommand.Mode.WORKER || !taskWaiting) {
      WarmUp.run(codec, mode);
    }
    send(channel, Frame.control(Frame.Kind.READY, 0));
    // The parent watch backs up the end-of-file check. It costs milliseconds of class loading and a thread pool,
    // so it is set up off the path to the first answer, and only once the child has lived a moment: a short
    // child is gone before it would matter, and end of file covers it meanwhile.
    startDaemon("parent-watch", new ParentWatch());
    while (true) {
      Frame frame = inbox.take();
      switch (frame.kind()) {
        case SHUTDOWN -> exit(ExitCodes.OK);
        case INIT -> {
          boolean ok = answer(channel, codec, frame, /* printFailure= */ true, /* last= */ false);
          if (!ok) {
            exit(ExitCodes.TASK_FAILED);
          }
        }
        case TASK -> {
          lastTaken = frame.id();
          if (CANCELLED.remove(frame.id())) {
            send(channel, new Frame(Frame.Kind.RESULT, frame.id(), new byte[0])); // skipped; the parent drops it
            continue;
          }
          boolean oneTask = mode == JvmCommand.Mode.PROCESS;
          boolean ok = answer(channel, codec, frame, /* printFailure= */ oneTask, /* last= */ oneTask);
          if (oneTask) {
            if (ok && noOtherUserThread()) {
              // The JVM ends as after a plain main: status 0, shutdown hooks run, and the reader, a daemon
              // blocked in a read, is left behind. System.exit would first look up a System.Logger (to log the
              // exit if asked), scanning the class path (15 ms of a cold child), and then wait for that reader.
              System.err.flush();
              return;
            }
            // The parent closes stdin once it has the answer. Waiting for the reader to see that end of file
            // saves System.exit 10 ms or more: it waits, in 10 ms steps, for threads blocked in native code.
            reader.join(EXIT_WAIT_MS);
            exit(ok ? ExitCodes.OK : ExitCodes.TASK_FAILED);
          }
        }
        default -> {
          System.err.println("child: unexpected " + frame.kind() + " frame from the parent");
          exit(ExitCodes.CHANNEL_LOST);
        }
      }
    }
  }

  private static void watchParent() {
    try {
      // Real time is the point: the watch costs a thread pool and milliseconds of class loading, which a child
      // that ends within its first second should never pay. Nothing waits on this thread, and nothing it does is
      // awaited: it is not coordination, so no latch would say more.
      Thread.sleep(PARENT_WATCH_DELAY_MS);
    } catch (InterruptedException e) {
      return; // nobody interrupts this daemon; if someone did, end of file still guards the child
    }
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(ExitCodes.CHANNEL_LOST)));
  }

  /** Decodes, runs and encodes one request, and sends the answer; returns whether it succeeded. */
  private static boolean answer(
      DataOutputStream channel, Codec codec, Frame request, boolean printFailure, boolean last) {
    Frame reply;
    try {
      Callable<?> task = (Callable<?>) codec.decode(request.payload());
      Object result = task.call();
      reply = new Frame(Frame.Kind.RESULT, request.id(), Codec.encodeResult(result));
    } catch (Throwable thrown) { // everything the task does wrong is reported to the parent, as data
      if (printFailure) { // as Python's Process prints the traceback of a target that raised
        System.err.println("Exception in child process " + ProcessHandle.current().pid() + ":");
        thrown.printStackTrace(System.err);
      }
      reply = new Frame(Frame.Kind.FAILURE, request.id(), RemoteFailure.of(thrown).encode());
    }
    answered = last;
    send(channel, reply);
    return reply.kind() == Frame.Kind.RESULT;
  }

  private static void send(DataOutputStream channel, Frame frame) {
    try {
      Frames.write(channel, frame);
    } catch (IOException e) {
      Runtime.getRuntime().halt(ExitCodes.CHANNEL_LOST); // the parent is gone
    }
  }

  private static void readFrames(DataInputStream input, BlockingQueue<Frame> inbox) {
    try {
      Optional<Frame> frame;
      while ((frame = Frames.read(input, Frames.DEFAULT_MAX_PAYLOAD)).isPresent()) {
        if (frame.get().kind() == Frame.Kind.CANCEL) {
          if (frame.get().id() > lastTaken) { // else it runs or ran already: cancelling it is too late
            CANCELLED.add(frame.get().id());
          }
          continue;
        }
        inbox.add(frame.get());
        if (frame.get().kind() == Frame.Kind.SHUTDOWN) {
          return; // the main thread exits with status 0; the parent's close of stdin is expected now
        }
      }
    } catch (IOException e) {
      System.err.println("child: the channel to the parent broke: " + e);
    }
    if (!answered) {
      // End of input before the work was done: the parent is gone, and nobody is left to report to.
      Runtime.getRuntime().halt(ExitCodes.CHANNEL_LOST);
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

  /** The stdin reader's body. A class rather than a lambda: a cold child's first lambda spins classes, 4 ms. */
  private record FrameReader(DataInputStream input, BlockingQueue<Frame> inbox) implements Runnable {
    @Override
    public void run() {
      readFrames(input, inbox);
    }
  }

  /** The parent watch's body; a class for the same reason. */
  private static final class ParentWatch implements Runnable {
    @Override
    public void run() {
      watchParent();
    }
  }

  private static Thread startDaemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void exit(int status) {
    System.err.flush();
    System.exit(status);
  }
}
