package dev.concurrency.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ps} and {@code pstree} against a real child JVM, attached by PID through the Attach API and local JMX. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class InspectTest {

  private static ChildJvm child;

  @BeforeAll
  static void startChild() throws Exception {
    child = ChildJvm.start(BusyJvm.class);
  }

  @AfterAll
  static void stopChild() throws Exception {
    // the process pool's worker is the child's child: listed now, since once the child is gone it is no one's
    List<ProcessHandle> grandchildren = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();
    child.close();
    for (ProcessHandle grandchild : grandchildren) {
      assertThat(grandchild.onExit()).as("%s ends with the child JVM", grandchild)
          .succeedsWithin(Duration.ofSeconds(30));
    }
  }

  /** The exit status, standard output and standard error of one command line. */
  record Result(int status, List<String> out, String err) {}

  static Result inspect(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Inspect.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void ps_listsEveryTaskWithItsAwaiter() {
    Result result = inspect("ps", "--retries", "30", String.valueOf(child.pid()));

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.out().get(0)).startsWith("loop       task id  task name").contains("coroutine stack")
        .contains("awaiter chain").contains("awaiter name").endsWith("awaiter id");
    assertThat(result.out().get(1)).isEqualTo("-".repeat(180));
    assertThat(row(result, "Task-1")).contains("waiting").contains("TaskGroup.exit -> TaskGroup.run -> AsyncIO.taskGroup -> BusyJvm.asyncMain").endsWith(" -");
    assertThat(row(result, "Sundowning")).contains("BusyJvm.album").contains("Task-1");
    assertThat(row(result, "TNDNBTG")).contains("AsyncIO.sleep -> AsyncIO.sleep -> BusyJvm.play").contains("Sundowning");
    assertThat(row(result, "Aqua Regia")).contains("TMBTE");
  }

  private static String row(Result result, String taskName) {
    return result.out().stream()
        .filter(line -> line.matches("loop-\\d+ +\\d+ +" + taskName + " .*"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + taskName + " in " + result.out()));
  }

  @Test
  void pstree_drawsTheAwaitGraph() {
    Result result = inspect("pstree", "--retries", "30", String.valueOf(child.pid()));

    assertThat(result.status()).as(result.err()).isZero();
    String tree = String.join("\n", result.out());
    assertThat(tree).contains("└── (T) Task-1\n    └──  BusyJvm.asyncMain BusyJvm.java:");
    assertThat(tree).containsPattern("├── \\(T\\) Sundowning\\n.*│   └──  BusyJvm.album BusyJvm.java:\\d+");
    assertThat(tree).containsPattern("└── \\(T\\) Aqua Regia\\n.* └──  BusyJvm.play BusyJvm.java:\\d+");
    assertThat(tree).contains("AsyncIO.sleep AsyncIO.java:");
  }

  /** {@code ps} of the child, again until its output {@code shows} what is asked (pools register a moment late). */
  private static Result psUntil(Predicate<List<String>> shows) throws InterruptedException {
    Result ps = inspect("ps", "--retries", "30", String.valueOf(child.pid()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!shows.test(ps.out()) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200); // the pace of the retries: each is an attach
      ps = inspect("ps", String.valueOf(child.pid()));
    }
    return ps;
  }

  @Test
  void psAndPstree_showTheThreadPoolAndItsWorker() throws InterruptedException {
    Result ps = psUntil(out -> out.contains("thread pool 'busy-pool': 1 workers, 0 queued, 0 completed"));

    assertThat(ps.out()).contains("thread pool 'busy-pool': 1 workers, 0 queued, 0 completed");
    assertThat(ps.out()).anySatisfy(line -> assertThat(line).matches("  busy-pool-worker-0 +\\d+ +waiting +\\S.*"));
    String tree = String.join("\n", inspect("pstree", String.valueOf(child.pid())).out());
    assertThat(tree).contains("└── (P) thread pool 'busy-pool': 1 workers").containsPattern("└── \\(W\\) busy-pool-worker-0 \\[\\d+\\] waiting");
  }

  @Test
  void psAndPstree_showTheProcessPoolAndItsWorkerJvmByPid() throws InterruptedException {
    Pattern row = Pattern.compile("  busy-processes-worker-1 +(\\d+) +running +task #1: BusyJvm::block");
    Result ps = psUntil(out -> out.stream().anyMatch(line -> row.matcher(line).matches()));

    assertThat(ps.out()).contains("process pool 'busy-processes': 1 workers, 0 queued, 0 completed");
    Matcher worker = ps.out().stream().map(row::matcher).filter(Matcher::matches).findFirst()
        .orElseThrow(() -> new AssertionError("no running process worker in " + ps.out()));
    long pid = Long.parseLong(worker.group(1));
    assertThat(ProcessHandle.of(child.pid()).orElseThrow().children().map(ProcessHandle::pid))
        .as("the worker is a child process of the inspected JVM").contains(pid);
    String tree = String.join("\n", inspect("pstree", String.valueOf(child.pid())).out());
    assertThat(tree).contains("└── (P) process pool 'busy-processes': 1 workers, 0 queued, 0 completed")
        .contains("└── (W) busy-processes-worker-1 [" + pid + "] running")
        .contains("└──   task #1: BusyJvm::block");
  }

  @Test
  void graph_printsEachLeafTasksCallGraph() {
    Result result = inspect("graph", "--retries", "30", String.valueOf(child.pid()));

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(String.join("\n", result.out())).contains("* Task(name='TNDNBTG'").contains("+ Awaited by:")
        .contains("* Task(name='Sundowning'");
  }

  @Test
  void unknownPid_failsWithAClearMessage() {
    Result result = inspect("ps", "999999999");

    assertThat(result.status()).isEqualTo(Inspect.FAILED);
    assertThat(result.err()).contains("999999999");
  }

  @Test
  void badCommandLines_printUsage() {
    assertThat(inspect().status()).isEqualTo(Inspect.USAGE);
    assertThat(inspect("top", "1").err()).contains("unknown command 'top'").contains("Usage:");
    assertThat(inspect("ps").err()).contains("ps needs one process id");
    assertThat(inspect("ps", "abc").status()).isEqualTo(Inspect.USAGE);
    assertThat(inspect("ps", "--retries", "x", "1").err()).contains("--retries needs a count");
    assertThat(inspect("--help").status()).isZero();
  }

  @Test
  void list_namesTheChild() {
    Result result = inspect("list");

    assertThat(result.status()).isZero();
    assertThat(result.out()).anySatisfy(line -> assertThat(line).startsWith(child.pid() + "  ").contains("BusyJvm"));
  }
}
