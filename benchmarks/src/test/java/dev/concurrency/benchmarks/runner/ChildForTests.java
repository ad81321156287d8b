package dev.concurrency.benchmarks.runner;

import java.util.concurrent.CountDownLatch;

/** A child process for {@link ProcessLauncherTest}: prints and exits with a status, or never ends. */
final class ChildForTests {

  private ChildForTests() {}

  public static void main(String[] args) throws InterruptedException {
    if (args[0].equals("hang")) {
      new CountDownLatch(1).await(); // until the launcher kills this process
    }
    System.out.println("line 1");
    System.out.println("line 2");
    System.err.println("to stderr");
    System.exit(Integer.parseInt(args[1]));
  }
}
