package com.example;

// @start region="example"
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;

import java.time.Duration;

/** The seed's asyncio sample, in a project that holds a copy of async-core: two tasks gathered, 2 s in all. */
public final class Example {

  private Example() {}

  static void task1() {
    System.out.println("Task 1 started");
    sleep(Duration.ofSeconds(1)); // await asyncio.sleep(1)
    System.out.println("Task 1 completed");
  }

  static void task2() {
    System.out.println("Task 2 started");
    sleep(Duration.ofSeconds(2)); // await asyncio.sleep(2)
    System.out.println("Task 2 completed");
  }

  public static void main(String[] args) {
    long start = System.nanoTime();
    run(() -> gather(Example::task1, Example::task2).await()); // asyncio.run(main())
    System.out.printf("both done in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }
}
// @end
