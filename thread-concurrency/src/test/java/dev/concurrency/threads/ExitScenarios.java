package dev.concurrency.threads;

import java.util.concurrent.CountDownLatch;

/**
 * The body of a child JVM for ThreadPoolShutdownTest: submits a task that prints "apple" once its parent lets it
 * (a line on stdin, sent after the parent has read "main returns"), shuts the pool down without waiting, and
 * returns from main, so that what happens at exit is observable. With "cancel-futures" the shutdown also cancels
 * the task if no worker has taken it yet. Not a test.
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
          System.in.read(); // the task outlives main: it goes on only after main has returned
          System.out.println("apple");
          System.out.flush();
          return null;
        });
    if (!cancelFutures) {
      started.await(); // Python's test_hang_gh83386: the task is running when the pool is shut down
    }
    pool.shutdown(/* wait= */ false, cancelFutures);
    System.out.println("main returns");
    System.out.flush();
  }
}
