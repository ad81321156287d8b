package dev.concurrency.processes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A print stream whose lines a test can read; thread-safe, as {@link ByteArrayOutputStream} is. */
final class Captured {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, /* autoFlush= */ true, StandardCharsets.UTF_8);

  List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
