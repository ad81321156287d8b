package dev.concurrency.async.streams;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.waitFor;
import static dev.concurrency.async.streams.Stdio.DEVNULL;
import static dev.concurrency.async.streams.Stdio.PIPE;
import static dev.concurrency.async.streams.StreamTesting.b;
import static dev.concurrency.async.streams.StreamTesting.s;
import static dev.concurrency.async.streams.StreamTesting.sleeperForHangUp;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessExec;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessShell;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.internal.IoWaiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * CPython's test_subprocess.py over real processes. CPython runs {@code sys.executable -c ...}; these run the
 * POSIX tools that do the same ({@code cat}, {@code sleep}, {@code sh -c}, {@code wc -c}), so the suite needs no
 * Python. Unix only: the signals and the shell are POSIX.
 */
@Timeout(60)
@DisabledOnOs(OS.WINDOWS)
final class SubprocessConformanceTest {

  /** CPython's PROGRAM_BLOCKED. */
  private static final List<String> BLOCKED = List.of("sleep", "3600");
  /** CPython's PROGRAM_CAT: copies stdin to stdout. */
  private static final List<String> CAT = List.of("cat");
  /** Prints how many bytes stdin carried (CPython: {@code print(len(sys.stdin.read()))}). */
  private static final List<String> LEN_OF_STDIN = List.of("/bin/sh", "-c", "wc -c | tr -d ' '");

  private static SubprocessConfig pipes(Stdio stdin, Stdio stdout, Stdio stderr) {
    return SubprocessConfig.defaults().withStdin(stdin).withStdout(stdout).withStderr(stderr);
  }

  private static SubprocessConfig stdinStdoutPipes() {
    return pipes(PIPE, PIPE, Stdio.INHERIT);
  }

  // CPython: test_subprocess.py SubprocessTransportTests.test_proc_exited
  @Test
  void exited_returncodeSet_signalsThenRefused() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("exit 6");
      assertThat(proc.waitFor()).isEqualTo(6);
      assertThat(proc.returncode()).isEqualTo(6);
      sleep(Duration.ZERO); // the waiters are woken in the tick after the pipes and the process are done
      assertThatThrownBy(() -> proc.sendSignal(Signal.TERM)).isInstanceOf(ProcessLookupException.class);
      assertThatThrownBy(proc::terminate).isInstanceOf(ProcessLookupException.class);
      assertThatThrownBy(proc::kill).isInstanceOf(ProcessLookupException.class).hasMessageContaining("exited");
      proc.close();
    });
  }

  // CPython: test_subprocess.py SubprocessTransportTests.test_subprocess_repr
  @Test
  void toString_pidAndRunningOrReturncode() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(BLOCKED, SubprocessConfig.defaults());
      assertThat(proc).hasToString("<AsyncProcess pid=" + proc.pid() + " running>");
      proc.kill();
      proc.waitFor();
      assertThat(proc).hasToString("<AsyncProcess pid=" + proc.pid() + " returncode=-9>");
      proc.close();
      assertThat(proc).hasToString("<AsyncProcess closed pid=" + proc.pid() + " returncode=-9>");
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_stdin_stdout
  @Test
  void stdinToStdout_writeDrainCloseReadWait() {
    run(() -> waitFor(() -> {
      AsyncProcess proc = createSubprocessExec(CAT, stdinStdoutPipes());
      proc.stdin().write(b("some data"));
      proc.stdin().drain();
      proc.stdin().close();
      byte[] data = proc.stdout().read();
      assertThat(proc.waitFor()).isZero();
      assertThat(s(data)).isEqualTo("some data");
      return null;
    }, Duration.ofSeconds(60)));
  }

  // CPython: test_subprocess.py SubprocessMixin.test_communicate
  @Test
  void communicate_feedsStdinReadsStdout() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(CAT, stdinStdoutPipes());
      ProcessOutput out = proc.communicate(b("some data"));
      assertThat(proc.returncode()).isZero();
      assertThat(s(out.stdout())).isEqualTo("some data");
      assertThat(out.stderr()).isNull();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_communicate_none_input
  @Test
  void communicate_noInput_closesStdin() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(CAT, stdinStdoutPipes());
      ProcessOutput out = proc.communicate(null);
      assertThat(proc.returncode()).isZero();
      assertThat(out.stdout()).isEmpty();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_shell
  @Test
  void shell_exitCode() {
    run(() -> assertThat(createSubprocessShell("exit 7").waitFor()).isEqualTo(7));
  }

  // CPython: test_subprocess.py SubprocessMixin.test_kill
  @Test
  void kill_returncodeIsMinusSigkill() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(BLOCKED, SubprocessConfig.defaults());
      proc.kill();
      assertThat(proc.waitFor()).isEqualTo(-Signal.KILL.number());
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_kill_issue43884
  @Test
  void kill_shellWithAPipedStdout_returncodeIsMinusSigkill() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("sleep 1; sleep 1", SubprocessConfig.defaults().withStdout(PIPE));
      sleep(Duration.ofMillis(200));
      proc.kill();
      assertThat(proc.waitFor()).isEqualTo(-Signal.KILL.number());
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_terminate
  @Test
  void terminate_returncodeIsMinusSigterm() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(BLOCKED, SubprocessConfig.defaults());
      proc.terminate();
      assertThat(proc.waitFor()).isEqualTo(-Signal.TERM.number());
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_send_signal
  @Test
  void sendSignal_hup_afterTheChildSaysItSleeps() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell(sleeperForHangUp(),
          SubprocessConfig.defaults().withStdout(PIPE));
      assertThat(s(proc.stdout().readLine())).isEqualTo("sleeping\n");
      proc.sendSignal(Signal.HUP);
      assertThat(proc.waitFor()).isEqualTo(-Signal.HUP.number());
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_stdin_broken_pipe
  @Test
  void drain_processExitedWithoutReading_throwsBrokenPipe() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("exit 0", SubprocessConfig.defaults().withStdin(PIPE));
      byte[] large = new byte[4 * 1024 * 1024]; // more than a pipe holds
      assertThatThrownBy(() -> {
        proc.stdin().write(large);
        proc.stdin().drain();
        proc.stdin().drain(); // in case the first drain returned before the pipe broke
      }).isInstanceOf(IOException.class);
      assertThat(proc.waitFor()).isZero();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_communicate_ignore_broken_pipe
  @Test
  void communicate_processExitsWithoutReading_brokenPipeIgnored() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("exit 0", SubprocessConfig.defaults().withStdin(PIPE));
      proc.communicate(new byte[4 * 1024 * 1024]);
      assertThat(proc.waitFor()).isZero();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_pause_reading
  @Test
  void outputOverTwiceTheLimit_pausesAndResumesThePipe() {
    int limit = 10;
    int size = limit * 2 + 1;
    run(() -> {
      AsyncProcess proc = createSubprocessShell("printf '%0" + size + "d' 0", stdinStdoutPipes().withLimit(limit));
      PipeReadTransport stdoutPipe = (PipeReadTransport) readTransportOf(proc.stdout());
      ProcessOutput out = proc.communicate(null);
      assertThat(out.stdout()).hasSize(size);
      assertThat(stdoutPipe.pauses()).isPositive();
      assertThat(stdoutPipe.resumes()).isPositive();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_stdin_not_inheritable
  @Test
  void communicate_allThreePipes_childSeesEof() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(LEN_OF_STDIN, pipes(PIPE, PIPE, PIPE));
      ProcessOutput out = proc.communicate(b("abc"));
      assertThat(proc.waitFor()).isZero();
      assertThat(s(out.stdout()).strip()).isEqualTo("3");
      assertThat(out.stderr()).isEmpty();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_empty_input
  @Test
  void communicate_emptyInput() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(LEN_OF_STDIN, pipes(PIPE, PIPE, PIPE));
      ProcessOutput out = proc.communicate(new byte[0]);
      assertThat(proc.waitFor()).isZero();
      assertThat(s(out.stdout()).strip()).isEqualTo("0");
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_devnull_input
  @Test
  void devnullInput_readsNothing() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(LEN_OF_STDIN, pipes(DEVNULL, PIPE, PIPE));
      assertThat(proc.stdin()).isNull();
      ProcessOutput out = proc.communicate(null);
      assertThat(proc.waitFor()).isZero();
      assertThat(s(out.stdout()).strip()).isEqualTo("0");
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_devnull_output
  @Test
  void devnullOutput_noStdoutStream() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(LEN_OF_STDIN, pipes(PIPE, DEVNULL, PIPE));
      ProcessOutput out = proc.communicate(b("abc"));
      assertThat(proc.waitFor()).isZero();
      assertThat(out.stdout()).isNull();
      assertThat(proc.stdout()).isNull();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_devnull_error
  @Test
  void devnullError_noStderrStream() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(LEN_OF_STDIN, pipes(PIPE, PIPE, DEVNULL));
      ProcessOutput out = proc.communicate(b("abc"));
      assertThat(proc.waitFor()).isZero();
      assertThat(out.stderr()).isNull();
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_devstdin_input
  @Test
  @EnabledOnOs(OS.LINUX)
  void devStdin_isThePipe() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("cat /dev/stdin | wc -c | tr -d ' '", pipes(PIPE, PIPE, PIPE));
      ProcessOutput out = proc.communicate(b("abc"));
      assertThat(proc.waitFor()).isZero();
      assertThat(s(out.stdout()).strip()).isEqualTo("3");
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_cancel_process_wait
  @Test
  void waitFor_cancelled_processUntouched_thenKilledAndWaited() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(BLOCKED, SubprocessConfig.defaults());
      AsyncTask<Integer> waiting = createTask(proc::waitFor);
      getRunningLoop().callSoon(waiting::cancel);
      assertThatThrownBy(waiting::await).isInstanceOf(CancelledError.class);
      waiting.cancel();
      assertThat(proc.returncode()).isNull();
      proc.kill();
      assertThat(proc.waitFor()).isEqualTo(-9);
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_cancel_make_subprocess_transport_exec
  @Test
  void createSubprocess_cancelledWhileStarting_processKilled() {
    long before = sleepers();
    run(() -> {
      AsyncTask<AsyncProcess> creating = createTask(() -> createSubprocessExec(BLOCKED, SubprocessConfig.defaults()));
      getRunningLoop().callSoon(creating::cancel);
      assertThatThrownBy(creating::await).isInstanceOf(CancelledError.class);
      assertThat(sleepers()).as("the process started and was killed before the cancellation ended the task")
          .isEqualTo(before);
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_cancel_post_init
  @Test
  void createSubprocess_cancelledRightAfterItReturned_loopCloseKillsIt() {
    long[] pid = {0};
    run(() -> {
      AsyncTask<Void> owner = createTask(() -> {
        pid[0] = createSubprocessExec(BLOCKED, SubprocessConfig.defaults()).pid(); // the process object is dropped
        sleep(Duration.ofHours(1));
      });
      sleep(Duration.ZERO);
      sleep(Duration.ZERO);
      assertThat(ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive)).contains(true);
      owner.cancel();
      assertThatThrownBy(owner::await).isInstanceOf(CancelledError.class);
    });
    // the loop killed the process it left behind when it closed (the kill is sent then; the exit follows)
    ProcessHandle.of(pid[0]).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  // CPython: test_subprocess.py SubprocessMixin.test_close_kill_running
  @Test
  void close_runningProcess_isKilled() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(BLOCKED, SubprocessConfig.defaults());
      assertThat(proc.returncode()).isNull();
      proc.close();
      assertThat(waitFor(proc::waitFor, Duration.ofSeconds(30))).isEqualTo(-Signal.KILL.number());
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_close_dont_kill_finished
  @Test
  void close_processThatExitedUnnoticed_isNotKilledAgain() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(BLOCKED, SubprocessConfig.defaults());
      ProcessHandle handle = ProcessHandle.of(proc.pid()).orElseThrow();
      handle.destroyForcibly(); // killed from elsewhere; the loop is not told while this step holds it
      handle.onExit().get(30, TimeUnit.SECONDS);
      assertThat(proc.returncode()).isNull();
      proc.close();
      // close() did not send KILL: the exit is reported as the JDK gives it, 128 + 9, not as asyncio's -9
      assertThat(proc.waitFor()).isEqualTo(128 + Signal.KILL.number());
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_popen_error
  @Test
  void startFails_ioExceptionAndNothingLeftBehind() {
    run(() -> assertThatThrownBy(() -> createSubprocessExec(List.of("/nonexistent/program"), SubprocessConfig.defaults()))
        .isInstanceOf(IOException.class));
    assertThat(pipeThreads()).as(() -> stacks(pipeThreads())).isEmpty();
  }

  // CPython: test_subprocess.py SubprocessMixin.test_popen_error_with_stdin_pipe
  @Test
  void startFailsWithPipes_noPipeThreadLeft() {
    run(() -> assertThatThrownBy(() -> createSubprocessExec(List.of("/nonexistent/program"), pipes(PIPE, PIPE, PIPE)))
        .isInstanceOf(IOException.class));
    assertThat(pipeThreads()).isEmpty();
  }

  // CPython: test_subprocess.py SubprocessMixin.test_read_stdout_after_process_exit
  @Test
  void readStdout_slowlyAfterTheProcessExited() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("head -c 262144 /dev/zero; exit 1",
          SubprocessConfig.defaults().withStdout(PIPE));
      long total = 0;
      for (byte[] data = proc.stdout().read(65536); data.length > 0; data = proc.stdout().read(65536)) {
        total += data.length;
        sleep(Duration.ofMillis(50));
      }
      assertThat(total).isEqualTo(262144);
      assertThat(proc.waitFor()).isEqualTo(1);
    });
  }

  /** CPython's {@code check_stdout_output}: the output, then wait() of a finished process returns at once. */
  private static void checkStdoutOutput(AsyncProcess proc, String expected) throws IOException {
    ProcessOutput out = proc.communicate(null);
    assertThat(s(out.stdout())).isEqualTo(expected);
    assertThat(proc.returncode()).isZero();
    AsyncTask<Integer> task = createTask(proc::waitFor);
    sleep(Duration.ZERO);
    assertThat(task.result()).isEqualTo(proc.returncode());
  }

  // CPython: test_subprocess.py SubprocessMixin.test_create_subprocess_env_shell
  @Test
  void env_shell() {
    run(() -> {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("FOO", "bar");
      checkStdoutOutput(createSubprocessShell("printf %s \"$FOO\"",
          SubprocessConfig.defaults().withStdout(PIPE).withEnv(env)), "bar");
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_create_subprocess_env_exec
  @Test
  void env_exec() {
    run(() -> {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("FOO", "baz");
      checkStdoutOutput(createSubprocessExec(List.of("/bin/sh", "-c", "printf %s \"$FOO\""),
          SubprocessConfig.defaults().withStdout(PIPE).withEnv(env)), "baz");
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_subprocess_concurrent_wait
  @Test
  void waitFor_tenConcurrentWaiters_allGetTheReturncode() {
    run(() -> {
      AsyncProcess proc = createSubprocessExec(CAT, stdinStdoutPipes());
      assertThat(s(proc.communicate(b("some data")).stdout())).isEqualTo("some data");
      assertThat(proc.returncode()).isZero();
      List<AsyncTask<Integer>> waits = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        waits.add(createTask(proc::waitFor));
      }
      assertThat(gather(waits, false).await()).containsExactlyElementsOf(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_subprocess_protocol_events
  @Test
  void everyPipeEvent_dataThenEofPerPipe_thenExit() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("printf stdout; printf stderr >&2",
          pipes(Stdio.INHERIT, PIPE, PIPE));
      assertThat(s(proc.stdout().read())).isEqualTo("stdout"); // data, then EOF (the pipe's connection lost)
      assertThat(proc.stdout().atEof()).isTrue();
      assertThat(s(proc.stderr().read())).isEqualTo("stderr");
      assertThat(proc.stderr().atEof()).isTrue();
      assertThat(proc.waitFor()).isZero(); // the process exited
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_subprocess_communicate_stdout
  @Test
  void communicate_tenProcessesAtOnce_eachItsOwnOutput() {
    run(() -> {
      List<AsyncTask<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String word = "foo" + i;
        tasks.add(createTask(() -> s(createSubprocessExec(List.of("echo", word),
            SubprocessConfig.defaults().withStdout(PIPE)).communicate(null).stdout()).strip()));
      }
      List<Object> out = gather(tasks, false).await();
      assertThat(out).containsExactly("foo0", "foo1", "foo2", "foo3", "foo4", "foo5", "foo6", "foo7", "foo8", "foo9");
    });
  }

  // CPython: test_subprocess.py SubprocessMixin.test_subprocess_send_signal_race
  @Test
  @EnabledOnOs(OS.LINUX)
  void sendSignal_asTheProcessExits_neverAWrongReturncode() {
    run(() -> {
      for (int i = 0; i < 10; i++) {
        AsyncProcess proc = createSubprocessExec("sleep", "0.1");
        sleep(Duration.ofMillis(100));
        try {
          proc.sendSignal(Signal.USR1);
        } catch (ProcessLookupException exited) {
          // it won the race: fine
        }
        assertThat(proc.waitFor()).isIn(0, -Signal.USR1.number());
      }
    });
  }

  // The race behind the test above, made certain: the process is gone (kill finds no such process) while the JDK
  // has not reported its exit yet (isAlive() still true, as in the moment between its reaper's waitpid and the
  // status it then records). CPython's Popen.send_signal ignores ProcessLookupError there; so does sendSignal.
  @Test
  @EnabledOnOs(OS.LINUX)
  void sendSignal_toAProcessGoneButNotYetReported_isIgnored() {
    // above PID_MAX_LIMIT (2^22), the most Linux's pid_max can be set to: no process has this pid, or ever can
    ExitReportedLate gone = new ExitReportedLate((1L << 22) + 1);
    run(() -> {
      AsyncProcess proc = AsyncProcess.adopt(getRunningLoop(), gone,
          requireNonNull(IoWaiter.of(getRunningLoop())),
          SubprocessConfig.defaults());
      proc.sendSignal(Signal.USR1); // the kill command fails: no such process
      gone.reportExit();
      assertThat(proc.waitFor()).isZero();
    });
  }

  /** A process that has already exited, and whose exit is reported only when the test says so. */
  private static final class ExitReportedLate extends Process {
    private final long pid;
    private final CompletableFuture<Process> exit = new CompletableFuture<>();

    ExitReportedLate(long pid) {
      this.pid = pid;
    }

    void reportExit() {
      exit.complete(this);
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public boolean isAlive() {
      return !exit.isDone();
    }

    @Override
    public CompletableFuture<Process> onExit() {
      return exit;
    }

    @Override
    public int exitValue() {
      if (isAlive()) {
        throw new IllegalThreadStateException("exit not reported yet");
      }
      return 0;
    }

    @Override
    public int waitFor() {
      return exit.join().exitValue();
    }

    @Override
    public void destroy() {
      reportExit();
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }
  }

  // CPython: test_streams.py StreamTests.test_read_all_from_pipe_reader (a pipe into a reader of limit 1)
  @Test
  void pipeReader_limitOne_readAllGetsEverything() {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("printf data", SubprocessConfig.defaults().withStdout(PIPE).withLimit(1));
      assertThat(s(proc.stdout().read())).isEqualTo("data");
      assertThat(proc.waitFor()).isZero();
    });
  }

  // The loop kills a process still running when it closes, and every pipe thread ends.
  @Test
  void loopClose_killsRunningProcesses_endsPipeThreads() {
    long[] pid = new long[1];
    run(() -> {
      AsyncProcess proc = createSubprocessExec(BLOCKED, pipes(PIPE, PIPE, PIPE));
      pid[0] = proc.pid();
    });
    ProcessHandle.of(pid[0]).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    awaitNoPipeThreads();
  }

  // stderr into stdout; a working directory; a config that makes no sense is refused with a clear message.
  @Test
  void stderrToStdout_cwd_andConfigChecks(@TempDir Path dir) throws IOException {
    run(() -> {
      AsyncProcess proc = createSubprocessShell("printf out; printf err >&2; printf \" $(pwd)\"",
          pipes(Stdio.INHERIT, PIPE, Stdio.STDOUT).withCwd(dir));
      assertThat(proc.stderr()).isNull();
      assertThat(s(proc.communicate(null).stdout())).isEqualTo("outerr " + dir.toRealPath());
    });
    assertThatThrownBy(() -> SubprocessConfig.defaults().withStdin(Stdio.STDOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only for stderr");
    assertThatThrownBy(() -> SubprocessConfig.defaults().withLimit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> createSubprocessExec("true")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("from a task");
  }

  // ---------------------------------------------------------------- helpers

  private static ReadTransport readTransportOf(StreamReader reader) {
    ReadTransport t = reader.transport();
    assertThat(t).isInstanceOf(PipeReadTransport.class);
    return t;
  }

  /** How many children of this JVM run {@code sleep 3600}. */
  private static long sleepers() {
    return ProcessHandle.current().children()
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().arguments().map(a -> Arrays.asList(a).contains("3600")).orElse(false))
        .count();
  }

  private static String stacks(List<Thread> threads) {
    StringBuilder sb = new StringBuilder();
    for (Thread t : threads) {
      sb.append(t).append('\n');
      for (StackTraceElement e : t.getStackTrace()) {
        sb.append("    at ").append(e).append('\n');
      }
    }
    return sb.toString();
  }

  private static List<Thread> pipeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("asyncio-subprocess-") && t.isAlive())
        .toList();
  }

  private static void awaitNoPipeThreads() {
    for (Thread t : pipeThreads()) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertThat(pipeThreads()).as(() -> stacks(pipeThreads())).isEmpty();
  }
}
