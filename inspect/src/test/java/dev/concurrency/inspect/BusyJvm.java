package dev.concurrency.inspect;

import static dev.concurrency.async.AsyncIO.*;

import dev.concurrency.async.AsyncRunnable;
import dev.concurrency.async.EventLoop;
import dev.concurrency.processes.ProcessPool;
import dev.concurrency.threads.ThreadPool;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM the tests inspect: the task tree of the {@code python -m asyncio pstree} documentation (two albums,
 * each a task group of tracks that sleep for an hour), on an event loop run by the main thread, a thread pool
 * {@code busy-pool} whose worker waits inside its task, and a process pool {@code busy-processes} whose one worker
 * JVM runs {@link #block}. It prints {@code READY} once every task is waiting, then runs until its standard input
 * closes (the test ends it). Its exit kills the process pool's worker, as it kills every daemon child.
 */
final class BusyJvm {

  /** Kept reachable: a process pool nobody can reach is shut down by its cleaner, and would show as shut down. */
  private static ProcessPool processes;

  private BusyJvm() {}

  public static void main(String[] args) throws IOException {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the parent holds our stdin open while it wants us
                }
              } catch (IOException e) {
                // the parent is gone
              }
              System.exit(0);
            });
    // a thread pool whose one worker waits inside its task for as long as the JVM runs
    ThreadPool pool = ThreadPool.builder().workers(1).name("busy-pool").daemon(true).build();
    CountDownLatch never = new CountDownLatch(1);
    pool.submit(
        () -> {
          never.await();
          return null;
        });
    // a process pool whose one worker JVM runs a long task; never closed: the exit ends the worker
    processes = ProcessPool.builder().maxWorkers(1).name("busy-processes").build();
    processes.submit(BusyJvm::block);
    EventLoop loop = EventLoop.create();
    loop.runUntilComplete(loop.createTask(BusyJvm::asyncMain));
  }

  /** The process pool's task: stands for an hour of computing in the worker JVM. */
  static String block() throws InterruptedException {
    new CountDownLatch(1).await(); // nothing counts it down: it runs until the worker JVM ends with this one
    return "done";
  }

  static AsyncRunnable play(String track) {
    return () -> sleep(Duration.ofHours(1));
  }

  static AsyncRunnable album(String name, List<String> tracks) {
    return () -> taskGroup(tg -> tracks.forEach(track -> tg.createTask(play(track), track)));
  }

  static void asyncMain() {
    taskGroup(
        tg -> {
          tg.createTask(album("Sundowning", List.of("TNDNBTG", "Levitate")), "Sundowning");
          tg.createTask(album("TMBTE", List.of("DYWTYLM", "Aqua Regia")), "TMBTE");
          tg.createTask(BusyJvm::ready, "ready");
        });
  }

  private static void ready() {
    for (int tick = 0; tick < 5; tick++) {
      sleep(Duration.ZERO); // tracks start two ticks after their albums: after five, every track sleeps
    }
    System.out.println("READY");
    System.out.flush();
  }
}
