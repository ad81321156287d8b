package com.example.logging;

import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.EventLoop;
import java.time.Duration;

/**
 * A task that blocks the event loop, so that the loop's watchdog reports it. The report goes to the JDK's
 * {@code System.Logger}, as this program's own first line does; which logging framework prints them is decided by
 * the jars on the class path alone (an SLF4J or a Log4j bridge), not by this code.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.Logger log = System.getLogger(Main.class.getName());
    log.log(System.Logger.Level.INFO, "a task is about to block the event loop for a second");
    run(EventLoop.builder().blockedLoopLimit(Duration.ofMillis(200)), () -> {
      Thread.sleep(1_000); // wrong on purpose: a blocking call inside a task holds the loop for a second
      sleep(Duration.ofMillis(500)); // an await: the loop runs again, and the report has time to be printed
    });
  }
}
