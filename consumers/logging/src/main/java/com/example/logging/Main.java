package com.example.logging;

import static dev.concurrency.async.AsyncIO.run;

import dev.concurrency.async.EventLoop;
import java.time.Duration;

/**
 * A task that blocks the event loop, so that the loop's watchdog reports it. The report goes to the JDK's
 * {@code System.Logger}; which logging framework prints it is decided by the jars on the class path alone (an
 * SLF4J or a Log4j bridge), not by this code.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    run(EventLoop.builder().blockedLoopLimit(Duration.ofMillis(200)), () -> {
      Thread.sleep(1_000); // wrong on purpose: a blocking call inside a task holds the loop for a second
    });
  }
}
