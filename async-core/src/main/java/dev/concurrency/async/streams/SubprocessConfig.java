package dev.concurrency.async.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Subprocesses} starts a process: where its standard streams go, the pipes' reader limit, its working
 * directory and environment. An immutable value, changed one setting at a time from {@link #defaults()}.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=subprocessConfig}
 *
 * <p><b>Thread-safety.</b> Immutable (the environment map is copied).
 *
 * <p><b>Python:</b> the keyword arguments of {@code asyncio.create_subprocess_exec}: {@code stdin}, {@code
 * stdout}, {@code stderr}, {@code limit}, {@code cwd}, {@code env}. Differences: no {@code text}/{@code encoding}
 * (the streams carry bytes), no {@code start_new_session}, {@code preexec_fn} or {@code pass_fds} (the JDK cannot
 * start a process that way).
 *
 * @param stdin where the process reads from; {@link Stdio#STDOUT} is not allowed
 * @param stdout where it writes its output; {@link Stdio#STDOUT} is not allowed
 * @param stderr where it writes its errors; {@link Stdio#STDOUT} merges them into stdout
 * @param limit the buffer limit of the stdout and stderr {@link StreamReader}s (64 KiB by default)
 * @param cwd the working directory, or {@code null} for this JVM's
 * @param env the whole environment of the process, or {@code null} to inherit this JVM's (as Python's {@code env=})
 */
public record SubprocessConfig(Stdio stdin, Stdio stdout, Stdio stderr, int limit, @Nullable Path cwd,
    @Nullable Map<String, String> env) {

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if stdin or stdout is {@link Stdio#STDOUT}, or {@code limit} is not positive
   */
  public SubprocessConfig {
    requireNonNull(stdin, "stdin");
    requireNonNull(stdout, "stdout");
    requireNonNull(stderr, "stderr");
    checkArgument(stdin != Stdio.STDOUT, "Stdio.STDOUT is only for stderr (merge it into stdout), not for stdin");
    checkArgument(stdout != Stdio.STDOUT, "Stdio.STDOUT is only for stderr (merge it into stdout), not for stdout");
    checkArgument(limit > 0, "SubprocessConfig.limit (the pipes' reader limit) must be > 0, got %s", limit);
    env = env == null ? null : Map.copyOf(env);
  }

  /**
   * Every stream inherited, limit 64 KiB, this JVM's directory and environment: Python's defaults.
   *
   * @return Python's defaults
   */
  public static SubprocessConfig defaults() {
    return new SubprocessConfig(Stdio.INHERIT, Stdio.INHERIT, Stdio.INHERIT, StreamReader.DEFAULT_LIMIT, null, null);
  }

  /**
   * This configuration with another stdin.
   *
   * @param newStdin what stdin connects to
   * @return a copy of this configuration with that one change
   */
  public SubprocessConfig withStdin(Stdio newStdin) {
    return new SubprocessConfig(newStdin, stdout, stderr, limit, cwd, env);
  }

  /**
   * This configuration with another stdout.
   *
   * @param newStdout what stdout connects to
   * @return a copy of this configuration with that one change
   */
  public SubprocessConfig withStdout(Stdio newStdout) {
    return new SubprocessConfig(stdin, newStdout, stderr, limit, cwd, env);
  }

  /**
   * This configuration with another stderr.
   *
   * @param newStderr what stderr connects to
   * @return a copy of this configuration with that one change
   */
  public SubprocessConfig withStderr(Stdio newStderr) {
    return new SubprocessConfig(stdin, stdout, newStderr, limit, cwd, env);
  }

  /**
   * This configuration with another reader limit for the output pipes.
   *
   * @param newLimit the new buffer limit in bytes
   * @return a copy of this configuration with that one change
   */
  public SubprocessConfig withLimit(int newLimit) {
    return new SubprocessConfig(stdin, stdout, stderr, newLimit, cwd, env);
  }

  /**
   * This configuration with another working directory ({@code null}: this JVM's).
   *
   * @param newCwd the working directory, or {@code null} for this JVM's
   * @return a copy of this configuration with that one change
   */
  public SubprocessConfig withCwd(@Nullable Path newCwd) {
    return new SubprocessConfig(stdin, stdout, stderr, limit, newCwd, env);
  }

  /**
   * This configuration with another whole environment ({@code null}: inherit this JVM's).
   *
   * @param newEnv the whole environment, or {@code null} to inherit this JVM's
   * @return a copy of this configuration with that one change
   */
  public SubprocessConfig withEnv(@Nullable Map<String, String> newEnv) {
    return new SubprocessConfig(stdin, stdout, stderr, limit, cwd, newEnv);
  }
}
