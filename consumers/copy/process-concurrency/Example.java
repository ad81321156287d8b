package com.example;

import dev.concurrency.processes.ChildProcess;

/** The seed's multiprocessing sample, in a project that holds a copy of process-concurrency: two child JVMs. */
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

  public static void main(String[] args) throws InterruptedException {
    // multiprocessing.Process(target=task1); a child runs only classes its allowlist names, so this package's
    ChildProcess p1 = ChildProcess.builder(Example::task1).allow("com.example.**").build();
    ChildProcess p2 = ChildProcess.builder(Example::task2).allow("com.example.**").build();
    p1.start();
    p2.start();
    p1.join();
    p2.join();
    System.out.println("exit codes: " + p1.exitCode().orElseThrow() + ", " + p2.exitCode().orElseThrow());
  }
}
