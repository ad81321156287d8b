package dev.concurrency.threads;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The body of a child JVM for ThreadPoolShutdownTest: submits a task that prints "apple" once its parent lets it
 * (a line on stdin), shuts the pool down without waiting, and returns from main, so that what happens at exit
 * is observable. Not a test.
 */
final class ExitScenarios {

  private ExitScenarios() {}

  public static void main(String[] args) throws Exception {
    boolean cancelFutures = args.length > 0 && args[0].equals("cancel-futures");
    ThreadPool pool = ThreadPool.builder().workers(3).name("exit").build();
    CountDownLatch started = new CountDownLatch(1);
    pool.submit(
        () -> {
          started.countDown();
          if (cancelFutures) {
            return null; // a queued twin may be cancelled; this one is already running
          }
          awaitGoAhead();
          System.out.println("apple");
          System.out.flush();
          return null;
        });
    pool.submit(
        () -> {
          started.await(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
          if (cancelFutures) {
            System.out.println("apple");
            System.out.flush();
          }
          return null;
        });
    started.await();
    pool.shutdown(/* wait= */ false, cancelFutures);
    System.out.println("main returns");
    System.out.flush();
  }

  private static void awaitGoAhead() throws Exception {
    System.in.read(); // the parent answers once it has seen "main returns": the task outlives main
  }
}
