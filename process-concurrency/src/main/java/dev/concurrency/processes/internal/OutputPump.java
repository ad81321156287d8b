package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a child's output (its stdout and stderr, merged into one pipe) line by line to a {@link PrintStream},
 * and tells when the child's own output has all arrived.
 *
 * <p>That moment is not the pipe's end of file: a process the child started may hold the pipe open for its whole
 * life. So the child writes an end marker, a random line only it and this pump know, as its JVM exits (from a
 * shutdown hook, after its last output); the pump forwards everything before the marker and reports the output
 * {@linkplain #awaitDrained drained} when it reads the marker or the end of file, whichever comes first. It goes
 * on forwarding what arrives later (a grandchild's lines) until the end of file. A child killed by a signal
 * writes no marker; then only the end of file, or the caller's patience, ends the wait.
 *
 * <p>Lines are decoded as UTF-8, the encoding every child's {@code System.out} and {@code System.err} are given
 * ({@link JvmCommand}). Thread-safe: {@link #run} is the pump's own thread; the rest may be called from any.
 */
final class OutputPump implements Runnable {

  private final InputStream source;
  private final String endMarker;
  private final CountDownLatch drained = new CountDownLatch(1);
  private volatile PrintStream output;

  /**
   * @param source the child's merged stdout and stderr
   * @param endMarker the line that ends the child's own output
   * @param output where lines go
   */
  OutputPump(InputStream source, String endMarker, PrintStream output) {
    this.source = requireNonNull(source, "source");
    this.endMarker = requireNonNull(endMarker, "endMarker");
    this.output = requireNonNull(output, "output");
  }

  @Override
  public void run() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.endsWith(endMarker)) { // a last line without its newline comes right before the marker
          String rest = line.substring(0, line.length() - endMarker.length());
          if (!rest.isEmpty()) {
            output.println(rest);
          }
          drained.countDown();
        } else {
          output.println(line);
        }
      }
    } catch (IOException e) {
      // The pipe broke: nothing more will come.
    } finally {
      drained.countDown();
    }
  }

  /** Sends the lines from now on to {@code newOutput} (a warm spare handed to its owner). */
  void redirect(PrintStream newOutput) {
    this.output = requireNonNull(newOutput, "newOutput");
  }

  /**
   * Waits until the child's own output was forwarded: the end marker or the end of file was read.
   *
   * @return whether it was, within {@code patience}
   */
  boolean awaitDrained(Duration patience) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      while (true) {
        try {
          return drained.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true; // called on the child's reader thread, which nobody interrupts but to be sure
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
