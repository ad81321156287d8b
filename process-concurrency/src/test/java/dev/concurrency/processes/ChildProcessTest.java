package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class ChildProcessTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final Captured output = new Captured();
  private final List<ChildProcess> started = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void killWhatIsLeft() throws InterruptedException {
    for (ChildProcess p : started) {
      if (p.isAlive()) {
        p.kill();
      }
      p.join(LIMIT);
    }
  }

  private ChildProcess start(SerializableRunnable target) {
    ChildProcess p = ChildProcess.builder(target).output(output.out).jvmOptions(TestJvm.options()).build();
    started.add(p);
    p.start();
    return p;
  }

  static void greet() {
    System.out.println("Task 1 started");
    System.out.println("Task 1 completed");
  }

  static void fail() {
    throw new IllegalStateException("boom in the child");
  }

  static void blockForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void start_join_childPrintsReachOutputInOrder_exitCodeZero() throws Exception {
    ChildProcess p = start(ChildProcessTest::greet);

    assertThat(p.join(LIMIT)).isTrue();

    assertThat(output.lines()).containsExactly("Task 1 started", "Task 1 completed");
    assertThat(p.exitCode()).hasValue(0);
    assertThat(p.isAlive()).isFalse();
    assertThat(p.failure()).isEmpty();
    assertThat(p.pid()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
  }

  static void leaveAThreadBehind() {
    Thread.ofPlatform().daemon(false).name("left-behind").start(ChildProcessTest::blockForever);
  }

  @Test
  void start_targetLeavesANonDaemonThreadRunning_childStillExitsWithZero() throws Exception {
    ChildProcess p = start(ChildProcessTest::leaveAThreadBehind);

    assertThat(p.join(LIMIT)).as("the child ends when its target returns, as before").isTrue();

    assertThat(p.exitCode()).hasValue(0);
  }

  @Test
  void start_targetThrows_exitCodeOneAndRemoteStackComesBack() throws Exception {
    ChildProcess p = start(ChildProcessTest::fail);

    assertThat(p.join(LIMIT)).isTrue();

    assertThat(p.exitCode()).hasValue(1);
    RemoteException failure = p.failure().orElseThrow();
    assertThat(failure.remoteType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failure.remoteMessage()).isEqualTo("boom in the child");
    assertThat(failure.remoteStackTrace()).contains("ChildProcessTest.fail");
    assertThat(failure.getCause()).as("rebuilt: its class is on the allowlist")
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom in the child");
    assertThat(output.text()).contains("Exception in child process", "boom in the child");
  }

  @Test
  void kill_runningChild_exitCodeMinusNine() throws Exception {
    ChildProcess p = start(ChildProcessTest::blockForever);
    assertThat(p.join(Duration.ofMillis(10))).isFalse();
    assertThat(p.isAlive()).isTrue();
    assertThat(p.exitCode()).isEmpty();

    p.kill();

    assertThat(p.join(LIMIT)).isTrue();
    assertThat(p.exitCode()).hasValue(-9);
    assertThat(p.failure()).isEmpty();
    p.close();
    started.remove(p); // closed: nothing is left to ask it
  }

  @Test
  void terminate_runningChild_exitCodeMinusFifteen() throws Exception {
    ChildProcess p = start(ChildProcessTest::blockForever);

    p.terminate();

    assertThat(p.join(LIMIT)).isTrue();
    assertThat(p.exitCode()).hasValue(-15);
  }

  /** Writes the pid of a grandchild (a shell sleeping) to a file, then blocks. */
  record SpawnGrandchild(String pidFile) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        writePidThenBlock(pidFile, new ProcessBuilder("sleep", "600").start().pid());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void kill_childWithGrandchild_killsTheWholeTree() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    ChildProcess p = start(new SpawnGrandchild(pidFile.toString()));
    long grandchildPid = awaitPid(pidFile, p);
    ProcessHandle grandchild = ProcessHandle.of(grandchildPid).orElseThrow();
    try {
      p.kill();

      assertThat(p.join(LIMIT)).isTrue();
      grandchild.onExit().get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(grandchild.isAlive()).isFalse();
    } finally {
      grandchild.destroyForcibly();
    }
  }

  /** Starts a grandchild JVM that blocks forever, writes its pid to a file, then blocks itself. */
  record SpawnGrandchildJvm(String pidFile) implements SerializableRunnable {
    @Override
    public void run() {
      ChildProcess grandchild = ChildProcess.of(ChildProcessTest::blockForever);
      grandchild.start();
      writePidThenBlock(pidFile, grandchild.pid());
    }
  }

  @Test
  void parentKilled_childHaltsOnItsOwn() throws Exception {
    Path pidFile = dir.resolve("grandchild-jvm.pid");
    ChildProcess p = start(new SpawnGrandchildJvm(pidFile.toString()));
    long grandchildPid = awaitPid(pidFile, p);
    ProcessHandle grandchild = ProcessHandle.of(grandchildPid).orElseThrow();
    try {
      ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly(); // only the parent, not the tree

      grandchild.onExit().get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(grandchild.isAlive()).as("the orphaned grandchild exits by itself").isFalse();
    } finally {
      grandchild.destroyForcibly();
    }
  }

  /** In a child: publishes a pid atomically (write, then rename), then blocks until killed. */
  static void writePidThenBlock(String pidFile, long pid) {
    try {
      Files.writeString(Path.of(pidFile + ".tmp"), Long.toString(pid));
      Files.move(Path.of(pidFile + ".tmp"), Path.of(pidFile));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    blockForever();
  }

  private static long awaitPid(Path pidFile, ChildProcess p) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!Files.exists(pidFile)) {
      assertThat(p.isAlive()).as("the child is still running").isTrue();
      assertThat(System.nanoTime()).as("the pid file appears in time").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
    return Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
  }

  @Test
  void build_nonSerializableCapture_refusedWithAClearMessage() {
    Object notSerializable = new Object();

    assertThatThrownBy(() -> ChildProcess.of(() -> System.out.println(notSerializable)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be sent to a child process")
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("Serializable");
  }

  @Test
  void command_isTheParentsJavaAndClassPath_runningChildMain() {
    ChildProcess p =
        ChildProcess.builder(ChildProcessTest::greet).jvmOptions(List.of("-Xmx32m")).allow("com.example.**").build();

    List<String> command = p.command();

    assertThat(command.get(0)).endsWith("java");
    assertThat(command)
        .containsSubsequence(
            "-Xlog:all=warning:stderr", "-Xmx32m", "-Ddev.concurrency.processes.allow=com.example.**", "-cp")
        .contains(System.getProperty("java.class.path"))
        .endsWith("dev.concurrency.processes.internal.ChildMain", "PROCESS");
  }

  @Test
  void lifecycle_misuse_failsWithClearErrors() throws Exception {
    ChildProcess p = ChildProcess.builder(ChildProcessTest::greet).name("worker-a").daemon(true).output(output.out).build();
    assertThat(p.name()).isEqualTo("worker-a");
    assertThat(p.daemon()).isTrue();
    assertThat(p).hasToString("<ChildProcess name='worker-a' initial daemon>");
    assertThat(p.exitCode()).isEmpty();
    assertThat(p.isAlive()).isFalse();

    assertThatThrownBy(() -> p.join(LIMIT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    assertThatThrownBy(p::pid).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.join(Duration.ofSeconds(-1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.join(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");

    started.add(p);
    p.start();
    assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started once");
    p.join();
    assertThat(p).hasToString("<ChildProcess name='worker-a' exitcode=0 daemon>");
    p.close();
    p.close();
    started.remove(p); // closed: nothing is left to ask it
    assertThatThrownBy(p::isAlive).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(ChildProcess.of(ChildProcessTest::greet).name()).startsWith("Process-");
  }
}
