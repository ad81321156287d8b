package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;

import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.InspectTool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The task tree of a running program, seen from outside: two albums, each a task group of tracks that sleep, on an
 * event loop; {@code pstree} reads the loop's MXBean by process id and draws who awaits whom.
 *
 * <pre>{@code
 * # Python original (the example of "python -m asyncio pstree", Python 3.14)
 * async def play(track):
 *     await asyncio.sleep(3600)
 *
 * async def album(name, tracks):
 *     async with asyncio.TaskGroup() as tg:
 *         for track in tracks:
 *             tg.create_task(play(track), name=track)
 *
 * async def main():
 *     async with asyncio.TaskGroup() as tg:
 *         tg.create_task(album("Sundowning", ["TNDNBTG", "Levitate"]), name="Sundowning")
 *         tg.create_task(album("TMBTE", ["DYWTYLM", "Aqua Regia"]), name="TMBTE")
 *
 * asyncio.run(main())
 * # meanwhile, in another terminal:  python -m asyncio pstree PID   (or: ps PID)
 * }</pre>
 *
 * <p><b>What to notice.</b> Nothing in the program sets anything up: a loop that has run for a moment registers an
 * {@code EventLoopMXBean} in the platform MBean server by itself, and the {@code inspect} tool attaches by process
 * id (the JDK's Attach API and its local JMX connector, no network port) and reads it. Each task hangs under the
 * frame of its awaiter where it is awaited ({@code TaskGroup.exit}: the end of the {@code async with} block), and a
 * track that awaits no task ends with its own stack, down to {@code AsyncIO.sleep}. Here the program inspects its
 * own process id, so one command shows both sides; with {@code --wait SECONDS} it stays up that long and prints
 * the command to run from another terminal.
 *
 * <p><b>Run:</b> {@code ./examples.sh task-tree} (or {@code ./examples.sh task-tree --wait 60}, then {@code
 * ./examples.sh pstree PID} or {@code ./examples.sh ps PID} in another terminal)
 *
 * <p><b>Expected output</b> (line numbers and the frames inside the library vary with the version):
 *
 * <pre>
 * loop-1 on thread 'task-tree-loop': 7 tasks, lag 0.213 ms
 * └── (T) Task-1
 *     └──  Asyncio42TaskTree.run Asyncio42TaskTree.java:98
 *         └──  Asyncio42TaskTree.main Asyncio42TaskTree.java:149
 *             └──  AsyncIO.taskGroup AsyncIO.java:284
 *                 └──  TaskGroup.run TaskGroup.java:114
 *                     └──  TaskGroup.exit TaskGroup.java:261
 *                         ├── (T) Sundowning
 *                         │   └──  Asyncio42TaskTree.album Asyncio42TaskTree.java:145
 *                         │       └──  AsyncIO.taskGroup AsyncIO.java:284
 *                         │           └──  TaskGroup.run TaskGroup.java:114
 *                         │               └──  TaskGroup.exit TaskGroup.java:261
 *                         │                   ├── (T) TNDNBTG
 *                         │                   │   └──  Asyncio42TaskTree.play Asyncio42TaskTree.java:140
 *                         │                   │       └──  AsyncIO.sleep AsyncIO.java:162
 *                         │                   │           └──  AsyncIO.sleep AsyncIO.java:188
 *                         │                   └── (T) Levitate
 *                         │                       └──  ...
 *                         └── (T) TMBTE
 *                             └──  ... (the same, with DYWTYLM and Aqua Regia)
 * </pre>
 */
public final class Asyncio42TaskTree {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "task-tree",
          Group.ASYNCIO,
          "2.1",
          "pstree / ps of a running program's tasks, read by PID over JMX (python -m asyncio pstree)",
          Asyncio42TaskTree::run);

  /** How long {@code pstree} retries while the loop's MXBean is not registered yet (about a second after start). */
  private static final String RETRIES = "10";

  private Asyncio42TaskTree() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    long waitSeconds = waitSeconds(args);
    CountDownLatch playing = new CountDownLatch(4);
    EventLoop loop = EventLoop.create();
    AtomicReference<AsyncTask<Void>> main = new AtomicReference<>();
    Thread runner =
        Thread.ofPlatform()
            .name("task-tree-loop")
            .start(
                () -> {
                  main.set(loop.createTask(() -> main(playing)));
                  try {
                    loop.runUntilComplete(main.get());
                  } catch (CancelledError endOfTheShow) {
                    // main was cancelled below, once pstree had drawn the tree
                  } finally {
                    loop.close();
                  }
                });
    if (!playing.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the tracks did not start within 30 s");
    }
    long pid = ProcessHandle.current().pid();
    if (waitSeconds > 0) {
      out.println("PID " + pid + ": in another terminal run  ./examples.sh pstree " + pid + "  (or ps " + pid
          + "); staying up " + waitSeconds + " s");
      TimeUnit.SECONDS.sleep(waitSeconds);
    }
    int status = InspectTool.run(List.of("pstree", "--retries", RETRIES, String.valueOf(pid)), out, out);
    loop.callSoonThreadsafe(() -> main.get().cancel());
    if (!runner.join(Duration.ofSeconds(30))) {
      throw new IllegalStateException("the loop did not end within 30 s of cancelling its main task");
    }
    if (status != InspectTool.OK) {
      throw new IllegalStateException("pstree failed with status " + status);
    }
  }

  private static long waitSeconds(List<String> args) {
    int at = args.indexOf("--wait");
    if (at < 0) {
      return 0;
    }
    if (at + 1 >= args.size() || !args.get(at + 1).matches("\\d{1,5}")) {
      throw new IllegalArgumentException("--wait needs a number of seconds after it, as in: --wait 60");
    }
    return Long.parseLong(args.get(at + 1));
  }

  static AsyncRunnable play(CountDownLatch playing) {
    return () -> {
      playing.countDown();
      sleep(Duration.ofHours(1));
    };
  }

  static AsyncRunnable album(List<String> tracks, CountDownLatch playing) {
    return () -> taskGroup(tg -> tracks.forEach(track -> tg.createTask(play(playing), track)));
  }

  static void main(CountDownLatch playing) {
    taskGroup(
        tg -> {
          tg.createTask(album(List.of("TNDNBTG", "Levitate"), playing), "Sundowning");
          tg.createTask(album(List.of("DYWTYLM", "Aqua Regia"), playing), "TMBTE");
        });
  }
}
