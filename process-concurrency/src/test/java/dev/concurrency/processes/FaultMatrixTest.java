package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.ChildFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault matrix of issue 21, section 3: a worker killed ({@code SIGKILL}, {@code SIGTERM}) while idle, while
 * running a task, and while sending its result; an initializer that exits or throws; a worker JVM that cannot
 * start; a task submitted right after its idle worker died. After each, no process the test started is left and no
 * rendezvous directory is left in the temporary directory.
 */
@Timeout(120)
final class FaultMatrixTest {

  private static final long LIMIT_S = 30;

  /** How a worker is killed from outside, as an operator or the OOM killer would. */
  enum Signal {
    SIGKILL(-9) {
      @Override
      void send(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    },
    SIGTERM(-15) {
      @Override
      void send(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      }
    };

    final int exitCode;

    Signal(int exitCode) {
      this.exitCode = exitCode;
    }

    abstract void send(long pid);
  }

  private final Captured output = new Captured();
  private final Started started = new Started();
  private final Set<Long> workersSeen = new HashSet<>();
  @TempDir Path dir;

  @AfterEach
  void nothingLeftBehind() throws Exception {
    started.stopAll();
    for (long pid : workersSeen) {
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(LIMIT_S, TimeUnit.SECONDS).join());
    }
    assertThat(ChannelTest.leftoverRendezvous()).as("rendezvous directories left").isEmpty();
  }

  private ProcessPool pool(ProcessPool.Builder builder) {
    return started.pool(builder.maxWorkers(1), output);
  }

  private ProcessPool pool() {
    return pool(ProcessPool.builder());
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  /** Creates a file, then blocks until its worker is killed. */
  record MarkThenBlock(String marker) implements SerializableCallable<String> {
    @Override
    public String call() throws Exception {
      Files.createFile(Path.of(marker));
      Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // a task that runs until the test kills its worker
      return "never";
    }
  }

  private long awaitIdleWorker(ProcessPool pool) throws Exception {
    long worker = pool.submit(FaultMatrixTest::pid).get(LIMIT_S, TimeUnit.SECONDS);
    workersSeen.add(worker);
    return worker;
  }

  private static BrokenPoolException brokenCause(Future<?> future) {
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> future.get(LIMIT_S, TimeUnit.SECONDS));
    assertThat(thrown.getCause()).isInstanceOf(BrokenPoolException.class);
    return (BrokenPoolException) thrown.getCause();
  }

  private static void awaitExit(long pid) {
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(LIMIT_S, TimeUnit.SECONDS).join());
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void killedWhileIdle_theNextTaskRunsOnANewWorker(Signal signal) throws Exception {
    ProcessPool pool = pool();
    long first = awaitIdleWorker(pool);

    signal.send(first);
    awaitExit(first);

    long next = pool.submit(FaultMatrixTest::pid).get(LIMIT_S, TimeUnit.SECONDS);
    workersSeen.add(next);
    assertThat(next).isNotEqualTo(first);
  }

  @Test
  void killedWhileIdle_aTaskSubmittedBeforeThePoolNoticed_stillRunsOnANewWorker() throws Exception {
    ProcessPool pool = pool();
    long first = awaitIdleWorker(pool);

    Signal.SIGKILL.send(first); // SIGTERM would let the dying JVM answer it while its shutdown hooks run
    Future<Long> right = pool.submit(FaultMatrixTest::pid); // most likely handed to the dying worker

    long next = right.get(LIMIT_S, TimeUnit.SECONDS);
    workersSeen.add(next);
    assertThat(next).isNotEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void killedWhileIdle_breakPoolPolicy_breaksThePool_asPython(Signal signal) throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().faultPolicy(ProcessPool.FaultPolicy.BREAK_POOL));
    long first = awaitIdleWorker(pool);

    signal.send(first);
    awaitExit(first);

    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> pool.submit(() -> 1))
        .isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining(Integer.toString(signal.exitCode));
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void killedWhileRunning_thatTaskFails_theOneBehindItRunsOnTheReplacement(Signal signal) throws Exception {
    ProcessPool pool = pool();
    long worker = awaitIdleWorker(pool);
    Path marker = dir.resolve("running");
    Future<String> running = pool.submit(new MarkThenBlock(marker.toString()));
    Future<Long> behind = pool.submit(FaultMatrixTest::pid); // sent ahead into the same worker
    Await.file(marker);

    signal.send(worker);

    BrokenPoolException broken = brokenCause(running);
    assertThat(broken.exitCode()).hasValue(signal.exitCode);
    assertThat(broken).hasMessageContaining(signal.name()).hasMessageContaining("will be replaced");
    long replacement = behind.get(LIMIT_S, TimeUnit.SECONDS);
    workersSeen.add(replacement);
    assertThat(replacement).isNotEqualTo(worker);
  }

  static byte[] aResult() {
    return new byte[64 * 1024];
  }

  @ParameterizedTest
  @EnumSource(Signal.class)
  void killedWhileSendingItsResult_thatTaskFails_thePoolGoesOn(Signal signal) throws Exception {
    Path marker = dir.resolve("half-sent");
    List<String> options = Stream.concat(
        TestJvm.options().stream(), Stream.of("-D" + ChildFaults.STALL_MID_RESULT + "=" + marker))
        .toList();
    ProcessPool stalling = started.pool(ProcessPool.builder().maxWorkers(1).jvmOptions(options).output(output.out).build());
    Future<byte[]> sending = stalling.submit(FaultMatrixTest::aResult);
    Await.file(marker); // half the RESULT frame is in the channel; the worker stops there
    long worker = stalling.workerPids().get(0);
    workersSeen.add(worker);

    signal.send(worker);

    BrokenPoolException broken = brokenCause(sending);
    assertThat(broken.exitCode()).hasValue(signal.exitCode);
    assertThat(stalling.workerPids()).doesNotContain(worker);
  }

  static void exitingInitializer() {
    System.exit(5);
  }

  @Test
  void initializerExits_poolBroken_withThatReason_laterSubmitsRefused() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().initializer(FaultMatrixTest::exitingInitializer));
    Future<Integer> task = pool.submit(() -> 1);

    BrokenPoolException broken = brokenCause(task);

    assertThat(broken).hasMessageContaining("initializer").hasMessageContaining("exit code 5");
    assertThat(broken.exitCode()).hasValue(5);
    assertThatThrownBy(() -> pool.submit(() -> 2)).isInstanceOf(BrokenPoolException.class).hasMessageContaining("initializer");
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).as("no worker is started again").isTrue();
  }

  static void throwingInitializer() {
    throw new IllegalStateException("no database");
  }

  @Test
  void initializerThrows_poolBroken_withThatReasonAndItsRemoteCause_laterSubmitsRefused() throws Exception {
    ProcessPool pool = pool(ProcessPool.builder().initializer(FaultMatrixTest::throwingInitializer));
    Future<Integer> task = pool.submit(() -> 1);

    BrokenPoolException broken = brokenCause(task);

    assertThat(broken).hasMessageContaining("initializer failed").hasMessageContaining("no database");
    assertThat(broken.getCause()).isInstanceOf(RemoteException.class).hasRootCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pool.submit(() -> 2)).isInstanceOf(BrokenPoolException.class);
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void workerJvmCannotStart_poolBrokenAfterOneAttempt_notALoopOfRespawns() throws Exception {
    List<String> options = Stream.concat(TestJvm.options().stream(), Stream.of("-XX:+NoSuchOptionAnywhere")).toList();
    ProcessPool pool = started.pool(ProcessPool.builder().maxWorkers(1).jvmOptions(options).output(output.out).build());
    Future<Integer> task = pool.submit(() -> 1);

    BrokenPoolException broken = brokenCause(task);

    assertThat(broken).hasMessageContaining("before it was ready").hasMessageContaining("-XX:+NoSuchOptionAnywhere");
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(output.text()).contains("NoSuchOptionAnywhere");
  }

  @Test
  void killedWhileRunning_withDescendants_theWholeTreeEndsWithThePool() throws Exception {
    ProcessPool pool = pool();
    Path pidFile = dir.resolve("grandchild.pid");
    CompletableFuture<?> task = pool.submit(new ChannelTest.LeaveAGrandchild(pidFile.toString(), true));
    Await.file(pidFile);
    long grandchild = Long.parseLong(Files.readString(pidFile).trim());

    pool.shutdownNow(); // kills the workers with their descendants

    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    awaitExit(grandchild);
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(task).isCancelled();
  }
}
