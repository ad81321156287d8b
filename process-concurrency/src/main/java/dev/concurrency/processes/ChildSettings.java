package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings every child JVM takes, shared by {@link ChildProcess.Builder} and {@link ProcessPool.Builder}:
 * JVM options, extra allowlist patterns, limits, and where its output goes. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter for chaining
 */
public abstract sealed class ChildSettings<B extends ChildSettings<B>> permits ChildProcess.Builder, ProcessPool.Builder {

  List<String> jvmOptions = List.of();
  final ImmutableList.Builder<String> allowlist = ImmutableList.builder();
  PrintStream output = System.out;
  @Nullable Path classDataArchive;
  TransferLimits limits = TransferLimits.DEFAULT;

  ChildSettings() {}

  abstract B self();

  /**
   * Options for the child JVMs, placed before the main class (none by default), such as {@code -Xmx256m}; see
   * the module README for the start-up flags ({@code -XX:TieredStopAtLevel=1}, {@code -XX:+UseSerialGC}) and
   * what each saves.
   *
   * @param options the options, in order
   * @return this builder
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
   *
   * @param patterns the patterns
   * @return this builder
   */
  public B allow(String... patterns) {
    allowlist.add(patterns);
    return self();
  }

  /**
   * Keeps an application class-data-sharing archive of the children's classes in {@code directory} (none by
   * default). The first child started with a given command line writes it as it exits (that exit takes a few
   * hundred milliseconds longer); the children after it map the archived classes instead of loading, verifying
   * and linking them, which cut a cold child's CPU time to first answer by about a third here (see the module
   * README). The JVM archives classes from jar files only: with a directory on the class path (as in a Maven
   * build's {@code target/classes}) this setting does nothing. Archives are named after the {@code java} binary,
   * the class path (each jar's size and time) and the JVM options, so a rebuilt jar gets a new one.
   *
   * @param directory where the archives are kept
   * @return this builder
   */
  public B classDataSharing(Path directory) {
    this.classDataArchive = requireNonNull(directory, "directory");
    return self();
  }

  /**
   * Where the children's output goes, line by line: what they print on {@code System.out} and {@code System.err},
   * and whatever else writes to their standard output and error (native code, the JVM's warnings, a subprocess
   * that inherits them). {@code System.out} by default.
   *
   * @param output the stream the children's lines go to
   * @return this builder
   */
  public B output(PrintStream output) {
    this.output = requireNonNull(output, "output");
    return self();
  }

  /**
   * The limits on what crosses to and from the children ({@link TransferLimits#DEFAULT} by default): the largest
   * task, argument chunk or result, and the size of the object graphs in them.
   *
   * @param limits the limits
   * @return this builder
   */
  public B limits(TransferLimits limits) {
    this.limits = requireNonNull(limits, "limits");
    return self();
  }
}
