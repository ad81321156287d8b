package com.example.seed;

// @start region="seed"
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;

import java.time.Duration;

/** The seed's asyncio sample (section 4.1), line for line: two tasks gathered, 2 s in all, not 3. */
public final class Main {

  private Main() {}

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
    run(() -> gather(Main::task1, Main::task2).await()); // asyncio.run(main()), about 2 s, not 3
  }
}
// @end
