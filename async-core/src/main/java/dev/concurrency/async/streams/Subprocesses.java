package dev.concurrency.async.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts subprocesses whose pipes are streams of the event loop: {@link #createSubprocessExec} runs a program with
 * its arguments, {@link #createSubprocessShell} a command line through the shell.
 *
 * {@snippet class=dev.concurrency.async.streams.StreamsSnippetsTest region=subprocesses}
 *
 * <p><b>Semantics.</b> Must be called from a task. The process starts before the method returns (the JDK's
 * {@code ProcessBuilder.start()}, on the loop, as asyncio calls {@code Popen} on the loop); then the method yields
 * one tick, as asyncio's does while it connects the pipes. If the task is cancelled in that tick, the process is
 * killed and waited for before the {@link CancelledError} propagates, so no process is left behind. A program that
 * cannot be started throws {@link IOException} and leaves no thread or pipe behind.
 *
 * <p><b>Thread-safety.</b> Call from a task; the {@link AsyncProcess} is loop-confined.
 *
 * <p><b>Python:</b> {@code asyncio.create_subprocess_exec} and {@code create_subprocess_shell}; see {@link
 * SubprocessConfig} for the keyword arguments and {@link AsyncProcess} for the differences.
 */
public final class Subprocesses {

  private Subprocesses() {}

  /**
   * Runs {@code program} with {@code args}, every stream inherited; see {@link #createSubprocessExec(List, SubprocessConfig)}.
   *
   * @param program the program to run
   * @param args its arguments
   * @return the started process
   * @throws IOException if the program cannot be started (not found, not executable)
   */
  public static AsyncProcess createSubprocessExec(String program, String... args) throws IOException {
    List<String> command = new ArrayList<>(1 + args.length);
    command.add(requireNonNull(program, "program"));
    command.addAll(List.of(args));
    return createSubprocessExec(command, SubprocessConfig.defaults());
  }

  /**
   * Runs {@code command} (the program, then its arguments, no shell involved) as {@code config} says.
   *
   * @param command the program, then its arguments
   * @param config how the process's streams, directory and environment are set up
   * @return the started process
   * @throws IOException if the program cannot be started (not found, not executable)
   * @throws IllegalArgumentException if {@code command} is empty
   * @throws IllegalStateException if called outside a task
   * @throws CancelledError if the task is cancelled while the process starts (the process is killed)
   */
  public static AsyncProcess createSubprocessExec(List<String> command, SubprocessConfig config) throws IOException {
    requireNonNull(command, "command");
    requireNonNull(config, "config");
    checkArgument(!command.isEmpty(), "createSubprocessExec() needs a program to run; the command list is empty");
    return start(Io.requireTaskLoop("createSubprocessExec"), List.copyOf(command), config);
  }

  /**
   * Runs {@code command} through the shell, every stream inherited.
   *
   * @param command the command line the shell runs
   * @return the started process (the shell's)
   * @throws IOException if the shell cannot be started
   */
  public static AsyncProcess createSubprocessShell(String command) throws IOException {
    return createSubprocessShell(command, SubprocessConfig.defaults());
  }

  /**
   * Runs the command line {@code command} through the shell ({@code /bin/sh -c} on Unix, {@code cmd.exe /c} on
   * Windows) as {@code config} says. Quoting is the caller's job, exactly as in asyncio.
   *
   * @param command the command line the shell runs
   * @param config how the process's streams, directory and environment are set up
   * @return the started process (the shell's)
   * @throws IOException if the shell cannot be started
   * @throws IllegalStateException if called outside a task
   * @throws CancelledError if the task is cancelled while the process starts (the process is killed)
   */
  public static AsyncProcess createSubprocessShell(String command, SubprocessConfig config) throws IOException {
    requireNonNull(command, "command");
    requireNonNull(config, "config");
    EventLoop loop = Io.requireTaskLoop("createSubprocessShell");
    List<String> shell = isWindows() ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command);
    return start(loop, shell, config);
  }

  private static AsyncProcess start(EventLoop loop, List<String> command, SubprocessConfig config)
      throws IOException {
    AsyncProcess process = AsyncProcess.start(loop, builder(command, config), config);
    try {
      AsyncIO.sleep(Duration.ZERO);
    } catch (CancelledError e) {
      process.close(); // kills it
      try {
        process.waitFor();
      } catch (CancelledError again) {
        e.addSuppressed(again); // cancelled again while cleaning up: the process is killed all the same
      }
      throw e;
    }
    return process;
  }

  /** The JDK builder for {@code command} under {@code config} (package-private: tests check the redirects). */
  static ProcessBuilder builder(List<String> command, SubprocessConfig config) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectInput(switch (config.stdin()) {
      case PIPE -> Redirect.PIPE;
      case DEVNULL -> Redirect.from(new File(isWindows() ? "NUL" : "/dev/null"));
      case INHERIT -> Redirect.INHERIT;
      case STDOUT -> throw new AssertionError("SubprocessConfig refuses STDOUT for stdin");
    });
    builder.redirectOutput(output(config.stdout()));
    if (config.stderr() == Stdio.STDOUT) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(output(config.stderr()));
    }
    if (config.cwd() != null) {
      builder.directory(config.cwd().toFile());
    }
    Map<String, String> env = config.env();
    if (env != null) {
      builder.environment().clear();
      builder.environment().putAll(env);
    }
    return builder;
  }

  private static Redirect output(Stdio stdio) {
    return switch (stdio) {
      case PIPE -> Redirect.PIPE;
      case DEVNULL -> Redirect.DISCARD;
      case INHERIT -> Redirect.INHERIT;
      case STDOUT -> throw new AssertionError("SubprocessConfig refuses STDOUT for stdout");
    };
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
