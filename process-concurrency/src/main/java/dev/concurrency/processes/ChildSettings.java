package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.PrintStream;
import java.util.List;

/**
 * The settings every child JVM takes, shared by {@link ChildProcess.Builder} and {@link ProcessPool.Builder}:
 * JVM options, extra allowlist patterns, and where its printed lines go. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter for chaining
 */
public abstract sealed class ChildSettings<B extends ChildSettings<B>> permits ChildProcess.Builder, ProcessPool.Builder {

  List<String> jvmOptions = List.of();
  final ImmutableList.Builder<String> allowlist = ImmutableList.builder();
  PrintStream output = System.out;

  ChildSettings() {}

  abstract B self();

  /**
   * Options for the child JVMs, placed before the main class (none by default), such as {@code -Xmx256m}; see
   * the module README for the start-up flags ({@code -XX:TieredStopAtLevel=1}, {@code -XX:+UseSerialGC}) and
   * what each saves.
   */
  public B jvmOptions(List<String> options) {
    this.jvmOptions = ImmutableList.copyOf(options);
    return self();
  }

  /**
   * Adds deserialization allowlist patterns, such as {@code com.example.**} or {@code com.example.Point}
   * ({@link java.io.ObjectInputFilter.Config#createFilter} syntax), for what the children decode and for what
   * this JVM decodes from them. The JDK's value types ({@code java.lang}, {@code java.util}, {@code java.time},
   * {@code java.math}, lambdas) and {@code dev.concurrency.**} are always allowed; everything else is refused.
   */
  public B allow(String... patterns) {
    allowlist.add(patterns);
    return self();
  }

  /** Where the children's printed lines ({@code System.out} and {@code System.err}) go; {@code System.out} by default. */
  public B output(PrintStream output) {
    this.output = requireNonNull(output, "output");
    return self();
  }
}
