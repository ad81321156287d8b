package com.example;

import dev.concurrency.threads.ThreadHandle;
import java.util.concurrent.ExecutionException;

/** The seed's threading sample, in a project that holds a copy of thread-concurrency: two threads, then joined. */
public final class Example {

  private Example() {}

  static void task1() {
    System.out.println("Task 1 started");
    System.out.println("Task 1 completed");
  }

  static void task2() {
    System.out.println("Task 2 started");
    System.out.println("Task 2 completed");
  }

  public static void main(String[] args) throws InterruptedException, ExecutionException {
    ThreadHandle t1 = ThreadHandle.platform("task1", Example::task1).start(); // threading.Thread(target=task1)
    ThreadHandle t2 = ThreadHandle.platform("task2", Example::task2).start();
    t1.joinOrThrow(); // join, and rethrow what the thread threw
    t2.joinOrThrow();
  }
}
