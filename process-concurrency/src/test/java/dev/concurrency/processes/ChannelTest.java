package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.Rendezvous;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parent-child channel (issue 21, section 1): frames travel on a socket of their own, so whatever writes to a
 * child's stdout or stderr (a task, a subprocess that inherits them, the JVM itself) is plain output that arrives
 * line by line and corrupts nothing; and the child's exit is what counts, not a pipe a descendant keeps open.
 */
@Timeout(90)
final class ChannelTest {

  private static final long LIMIT_S = 30;
  /** How long a grandchild lives: far longer than any bound below, so a test that waited for it would fail. */
  private static final long GRANDCHILD_S = 120;

  private final Captured output = new Captured();
  private final Started started = new Started();
  private final List<ProcessHandle> grandchildren = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void cleanUp() throws InterruptedException {
    grandchildren.forEach(ProcessHandle::destroyForcibly);
    started.stopAll();
  }

  private ProcessPool pool(List<String> extraOptions) {
    List<String> options = Stream.concat(TestJvm.options().stream(), extraOptions.stream()).toList();
    return started.pool(ProcessPool.builder().maxWorkers(1).jvmOptions(options).output(output.out).build());
  }

  private ChildProcess start(SerializableRunnable target) {
    ChildProcess child = started.child(ChildProcess.builder(target).jvmOptions(TestJvm.options()).output(output.out).build());
    child.start();
    return child;
  }

  /** Prints through a subprocess that inherits stdout, and writes raw bytes that look like a frame to fd 1. */
  static String printAroundTheChannel() throws Exception {
    Process grandchild = Grandchild.start(0, "from the grandchild");
    grandchild.waitFor();
    FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
    stdout.write(new byte[] {0, 0, 0, 5, 2, 0, 0, 0, 0, 0, 0, 0, 1, '\n'}); // a RESULT frame's header, and more
    stdout.write("raw line on fd 1\n".getBytes(StandardCharsets.UTF_8));
    stdout.flush();
    System.err.println("a line on stderr");
    return "intact";
  }

  @Test
  void pool_subprocessInheritsStdout_andRawBytesOnFd1_resultIntact_linesForwarded() throws Exception {
    ProcessPool pool = pool(List.of());

    assertThat(pool.submit(ChannelTest::printAroundTheChannel).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("intact");
    assertThat(pool.submit(() -> "next").get(LIMIT_S, TimeUnit.SECONDS)).as("the worker serves on").isEqualTo("next");

    awaitLines("from the grandchild", "raw line on fd 1", "a line on stderr");
  }

  @Test
  void pool_jvmOptionThatLogsToStdout_workersServe_andTheLogIsOutput() throws Exception {
    ProcessPool pool = pool(List.of("-Xlog:gc:stdout")); // used to corrupt the frame channel: it was stdout

    assertThat(pool.submit(() -> 6 * 7).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);

    awaitText("[info][gc] Using Serial");
  }

  static void printUnicodeWithoutAFinalNewline() {
    System.out.println("h\u00e9llo \u2713 \uD83D\uDE00");
    System.out.print("last line, no newline");
  }

  @Test
  void childProcess_anyUnicode_andALastLineWithoutNewline_arriveAsPrinted() throws Exception {
    ChildProcess child = start(ChannelTest::printUnicodeWithoutAFinalNewline);

    assertThat(child.join(Duration.ofSeconds(LIMIT_S))).isTrue();

    assertThat(output.lines()).containsExactly("h\u00e9llo \u2713 \uD83D\uDE00", "last line, no newline");
  }

  /** Starts a grandchild that holds the child's stdout for a long time, publishes its pid, and returns. */
  record LeaveAGrandchild(String pidFile, boolean block) implements SerializableRunnable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public void run() {
      try {
        Process grandchild = Grandchild.start(GRANDCHILD_S, "grandchild up");
        Grandchild.publishPid(pidFile, grandchild.pid());
        if (block) {
          Thread.sleep(TimeUnit.SECONDS.toMillis(GRANDCHILD_S)); // until the test kills this worker
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ProcessHandle awaitGrandchild(Path pidFile) throws IOException {
    Await.file(pidFile);
    ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
    grandchildren.add(grandchild);
    return grandchild;
  }

  @Test
  void childProcess_grandchildKeepsStdoutOpen_joinReturnsAtTheChildsExit() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    ChildProcess child = start(new LeaveAGrandchild(pidFile.toString(), false));
    ProcessHandle grandchild = awaitGrandchild(pidFile);

    assertThat(child.join(Duration.ofSeconds(LIMIT_S))).as("join returns though the stdout pipe is still open").isTrue();

    assertThat(child.exitCode()).hasValue(0);
    assertThat(grandchild.isAlive()).as("the grandchild still holds the pipe").isTrue();
  }

  @Test
  void pool_workerDiesWhileItsGrandchildHoldsStdout_taskFailsAtOnce_closeReturns() throws Exception {
    ProcessPool pool = pool(List.of());
    Path pidFile = dir.resolve("grandchild.pid");
    Future<?> task = pool.submit(new LeaveAGrandchild(pidFile.toString(), true));
    ProcessHandle grandchild = awaitGrandchild(pidFile);
    long worker = pool.workerPids().get(0);

    ProcessHandle.of(worker).orElseThrow().destroyForcibly(); // the worker alone, not its tree

    assertThatThrownBy(() -> task.get(LIMIT_S, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining("SIGKILL");
    pool.close();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(grandchild.isAlive()).as("the grandchild still holds the pipe").isTrue();
  }

  static void fail() {
    throw new IllegalStateException("planned");
  }

  @Test
  void afterChildrenAndPools_noRendezvousIsLeftInTheTemporaryDirectory() throws Exception {
    ChildProcess succeeds = start(() -> {});
    ChildProcess fails = start(ChannelTest::fail);
    try (ProcessPool pool = pool(List.of())) {
      assertThat(pool.submit(() -> 1).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(succeeds.join(Duration.ofSeconds(LIMIT_S))).isTrue();
    assertThat(fails.join(Duration.ofSeconds(LIMIT_S))).isTrue();
    assertThat(fails.failure()).isPresent();

    assertThat(leftoverRendezvous()).isEmpty();
  }

  /** The rendezvous directories this JVM made that still exist. */
  static List<Path> leftoverRendezvous() throws IOException {
    String prefix = Rendezvous.DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-";
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.filter(path -> path.getFileName().toString().startsWith(prefix)).toList();
    }
  }

  private void awaitText(String expected) {
    Await.until(() -> output.text().contains(expected), expected + " arrives");
  }

  private void awaitLines(String... expected) {
    Await.until(() -> output.lines().containsAll(List.of(expected)), "lines " + List.of(expected) + " arrive");
  }
}
