package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.concurrency.processes.TransferLimits;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line of a child JVM, as data: which {@code java}, which class path, which JVM options, which
 * mode. Built here and nowhere else so that a test can read it without starting anything (as JMH's
 * {@code Runner.getForkedMainCommand} does).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param java the {@code java} launcher to run, normally the parent's own
 * @param classPath the class path, normally the parent's own
 * @param jvmOptions options placed before the main class ({@code -Xmx64m}, {@code -XX:TieredStopAtLevel=1}); what
 *     they make the JVM print is plain output, forwarded like the child's own
 * @param allowlist extra deserialization allowlist patterns for the child's {@link Codec}
 * @param mode what the child does
 * @param archiveDirectory where the children's class-data-sharing archive is kept (see {@link ClassDataArchive}),
 *     or null for none
 * @param limits the limits on what crosses to and from the child; not on the command line but in its
 *     {@link Hello}, and part of this record so that a warm spare is only handed to an owner with the same limits
 */
public record JvmCommand(
    Path java,
    String classPath,
    List<String> jvmOptions,
    List<String> allowlist,
    Mode mode,
    @Nullable Path archiveDirectory,
    TransferLimits limits) {

  /** What the child's {@code main} does. */
  public enum Mode {
    /** Runs exactly one task, then exits: status 0 on success, 1 if the task threw ({@code Process}). */
    PROCESS,
    /** Runs tasks until told to shut down ({@code ProcessPool}'s worker). */
    WORKER
  }

  /** The system property carrying the child's extra allowlist, comma-separated. */
  static final String ALLOW_PROPERTY = "dev.concurrency.processes.allow";

  /** Checks the parts and copies the lists. */
  public JvmCommand {
    requireNonNull(java, "java");
    requireNonNull(classPath, "classPath");
    jvmOptions = ImmutableList.copyOf(jvmOptions);
    allowlist = ImmutableList.copyOf(allowlist);
    requireNonNull(mode, "mode");
    requireNonNull(limits, "limits");
    for (String pattern : allowlist) {
      Preconditions.checkArgument(!pattern.contains(","), "allowlist pattern '%s' must not contain ','", pattern);
    }
  }

  /**
   * A command with the default {@link TransferLimits}.
   *
   * @param java the launcher
   * @param classPath the class path
   * @param jvmOptions the JVM options
   * @param allowlist the extra allowlist patterns
   * @param mode what the child does
   * @param archiveDirectory where the class-data-sharing archive is kept, or {@code null}
   */
  public JvmCommand(
      Path java, String classPath, List<String> jvmOptions, List<String> allowlist, Mode mode, @Nullable Path archiveDirectory) {
    this(java, classPath, jvmOptions, allowlist, mode, archiveDirectory, TransferLimits.DEFAULT);
  }

  /**
   * The command for a child of this JVM: the same {@code java} binary ({@code ProcessHandle.current().info()},
   * falling back to {@code java.home}) and the same class path; a parent on the module path gives its modules to
   * the child as class-path entries ({@link #childClassPath(String, String)}).
   *
   * @param jvmOptions the JVM options
   * @param allowlist the extra allowlist patterns
   * @param mode what the child does
   * @return the command
   */
  public static JvmCommand ofCurrentJvm(List<String> jvmOptions, List<String> allowlist, Mode mode) {
    return ofCurrentJvm(jvmOptions, allowlist, mode, null);
  }

  /**
   * As {@link #ofCurrentJvm(List, List, Mode)}, keeping a class-data-sharing archive in {@code archiveDirectory}.
   *
   * @param jvmOptions the JVM options
   * @param allowlist the extra allowlist patterns
   * @param mode what the child does
   * @param archiveDirectory where the class-data-sharing archive is kept, or {@code null}
   * @return the command
   */
  public static JvmCommand ofCurrentJvm(
      List<String> jvmOptions, List<String> allowlist, Mode mode, @Nullable Path archiveDirectory) {
    return new JvmCommand(
        currentJava(),
        childClassPath(System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", "")),
        jvmOptions, allowlist, mode, archiveDirectory, TransferLimits.DEFAULT);
  }

  /**
   * The class path a child runs with: the parent's class path, then its module path. A parent started on the
   * module path ({@code java -p ... -m ...}) has an empty class path; the child runs {@link ChildMain} and the
   * user's tasks from the class path, so every module-path entry becomes a class-path entry there: a jar or an
   * exploded module as it is, a directory of jars as {@code dir/*}.
   *
   * @param classPath the parent's {@code java.class.path}, possibly empty
   * @param modulePath the parent's {@code jdk.module.path}, possibly empty
   * @return the child's class path
   */
  public static String childClassPath(String classPath, String modulePath) {
    if (modulePath.isEmpty()) {
      return classPath; // exactly the parent's: an empty entry (a trailing separator) means the working directory
    }
    List<String> entries = new ArrayList<>();
    if (!classPath.isEmpty()) {
      entries.add(classPath);
    }
    for (String entry : modulePath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Path.of(entry);
      boolean directoryOfModules = Files.isDirectory(path) && !Files.exists(path.resolve("module-info.class"));
      entries.add(directoryOfModules ? path.resolve("*").toString() : entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The parent's own {@code java} launcher. */
  static Path currentJava() {
    return CurrentJava.PATH;
  }

  /**
   * The launcher, looked up once: {@code ProcessHandle.Info} reads {@code /proc} and the user database each time,
   * about a millisecond that every warm-spare start would otherwise pay. Initialized on first use, by the JVM's
   * class-initialization lock, so every thread sees the one value.
   */
  private static final class CurrentJava {
    static final Path PATH = ProcessHandle.current()
        .info()
        .command()
        .map(Path::of)
        .filter(Files::isExecutable)
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  /**
   * The same command in another mode.
   *
   * @param newMode the mode
   * @return the command
   */
  public JvmCommand withMode(Mode newMode) {
    return new JvmCommand(java, classPath, jvmOptions, allowlist, newMode, archiveDirectory, limits);
  }

  /**
   * The same command with other limits.
   *
   * @param newLimits the limits
   * @return the command
   */
  public JvmCommand withLimits(TransferLimits newLimits) {
    return new JvmCommand(java, classPath, jvmOptions, allowlist, mode, archiveDirectory, newLimits);
  }

  /**
   * The argument vector, ready for {@link ProcessBuilder}, without a class-data-sharing archive's options.
   *
   * @return the arguments, the launcher first
   */
  public List<String> toList() {
    return toList(List.of());
  }

  /** The argument vector with {@code extraOptions} after the given JVM options. */
  List<String> toList(List<String> extraOptions) {
    ImmutableList.Builder<String> command = ImmutableList.builder();
    command.add(java.toString());
    // The JVM's warnings go to stderr, as a JVM's own messages should; both streams are forwarded alike. Both are
    // UTF-8, which is what the parent decodes, so that any text a task prints arrives as it was.
    command.add("-Xlog:disable", "-Xlog:all=warning:stderr", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8");
    command.addAll(jvmOptions);
    command.addAll(extraOptions);
    if (!allowlist.isEmpty()) {
      command.add("-D" + ALLOW_PROPERTY + "=" + String.join(",", allowlist));
    }
    command.add("-cp", classPath, ChildMain.class.getName(), mode.name());
    return command.build();
  }
}
