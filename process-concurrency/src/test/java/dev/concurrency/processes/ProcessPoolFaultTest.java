package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPython's {@code test_concurrent_futures/test_deadlock.py} failure-point matrix, ported: a fault at each point of
 * a task's round trip (encoding the task in the parent, decoding it in the child, running it, encoding the result,
 * decoding it in the parent, after shutdown), each as an exception, as the worker's exit, and as a crash of its
 * JVM. None may hang: each test has a hard timeout, and after each fault the pool must still answer.
 *
 * <p>Where this pool does better than CPython's on purpose (an error decoding a task, or decoding a result, fails
 * that task only instead of breaking the pool), the test asserts that, and the README's differences list says so.
 */
@Timeout(90)
final class ProcessPoolFaultTest {

  private static final long LIMIT_S = 30;

  /** Where a crashing JVM writes its error report: not the working directory. */
  @TempDir static Path crashReports;

  private final Captured output = new Captured();
  private final Started started = new Started();
  private final ProcessPool pool = pool(ProcessPool.builder());

  @AfterEach
  void stopPools() throws InterruptedException {
    started.stopAll();
  }

  private ProcessPool pool(ProcessPool.Builder builder) {
    List<String> options = Stream.concat(
            TestJvm.options().stream(),
            Stream.of("-XX:ErrorFile=" + crashReports.resolve("hs_err_pid%p.log"), "-XX:-CreateCoredumpOnCrash"))
        .toList();
    return started.pool(builder.maxWorkers(1).jvmOptions(options).output(output.out).build());
  }

  /**
   * Crashes this JVM as native code would: a write to address zero. The JVM's SIGSEGV handler writes its fatal-error
   * report and, with {@code -XX:-CreateCoredumpOnCrash}, exits with status 1 (with a core dump it would abort: -6).
   */
  static void crash() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      java.lang.reflect.Field field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      unsafeClass.getMethod("putAddress", long.class, long.class).invoke(field.get(null), 0L, 0L);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot crash this JVM: " + e, e);
    }
  }

  /** Where in the round trip the fault strikes, and how. */
  enum Fault {
    NONE,
    EXIT_ON_TASK_DECODE,
    CRASH_ON_TASK_DECODE,
    THROW_ON_TASK_DECODE,
    THROW_ON_TASK_ENCODE_IN_PARENT,
    EXIT_ON_RESULT_ENCODE,
    CRASH_ON_RESULT_ENCODE,
    THROW_ON_RESULT_ENCODE,
    THROW_ON_RESULT_DECODE_IN_PARENT,
    ERROR_ON_RESULT_DECODE_IN_PARENT
  }

  /** An error that stands for Python's {@code SystemExit} raised while a result is decoded in the parent. */
  static final class ExitRequested extends Error {
    @Serial private static final long serialVersionUID = 1L;

    ExitRequested() {
      super("exit requested while decoding");
    }
  }

  /** A value that misbehaves when (de)serialized at the chosen point. */
  static final class Trap implements Serializable { // a class, not a record: records ignore readObject
    @Serial private static final long serialVersionUID = 1L;

    private final Fault fault;
    private final long parent; // the test JVM's pid; a static field would be initialized anew in the child

    Trap(Fault fault, long parent) {
      this.fault = fault;
      this.parent = parent;
    }

    Trap(Fault fault) {
      this(fault, ProcessHandle.current().pid());
    }

    private boolean inChild() {
      return ProcessHandle.current().pid() != parent;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Trap trap && trap.fault == fault;
    }

    @Override
    public int hashCode() {
      return fault.hashCode();
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      if (inChild()) {
        switch (fault) {
          case EXIT_ON_TASK_DECODE -> Runtime.getRuntime().halt(7);
          case CRASH_ON_TASK_DECODE -> crash();
          case THROW_ON_TASK_DECODE -> throw new InvalidObjectException("refusing to be decoded in the child");
          default -> { }
        }
      } else if (fault == Fault.THROW_ON_RESULT_DECODE_IN_PARENT) {
        throw new InvalidObjectException("refusing to be decoded in the parent");
      } else if (fault == Fault.ERROR_ON_RESULT_DECODE_IN_PARENT) {
        throw new ExitRequested();
      }
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
      if (inChild()) {
        switch (fault) {
          case EXIT_ON_RESULT_ENCODE -> Runtime.getRuntime().halt(8);
          case CRASH_ON_RESULT_ENCODE -> crash();
          case THROW_ON_RESULT_ENCODE -> throw new IOException("refusing to be encoded in the child");
          default -> { }
        }
      } else if (fault == Fault.THROW_ON_TASK_ENCODE_IN_PARENT) {
        throw new NotSerializableException("refusing to be encoded in the parent");
      }
      out.defaultWriteObject();
    }
  }

  /** A task carrying a trap in, and returning a fresh one, made in the child, for the way back. */
  record TrapTask(Trap in, Fault out) implements SerializableCallable<Trap> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Trap call() {
      return new Trap(out, in.parent);
    }
  }

  private static Future<Trap> submitTrap(ProcessPool pool, Fault in, Fault out) {
    return pool.submit(new TrapTask(new Trap(in), out));
  }

  /** The worker died of a crash: its JVM's fatal-error report is in the output, its status is the crash's. */
  private void assertCrashed(BrokenPoolException broken) {
    assertThat(broken.exitCode()).hasValue(1);
    Await.until(
        () -> output.text().contains("A fatal error has been detected by the Java Runtime Environment"),
        "the crash report is forwarded");
  }

  private void assertPoolStillAnswers() throws Exception {
    assertThat(pool.submit(() -> "alive").get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("alive");
  }

  private static Throwable causeOf(Future<?> future) {
    return org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> future.get(LIMIT_S, TimeUnit.SECONDS))
        .getCause();
  }

  private static BrokenPoolException brokenCause(Future<?> future) {
    Throwable cause = causeOf(future);
    assertThat(cause).isInstanceOf(BrokenPoolException.class);
    return (BrokenPoolException) cause;
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_error_at_task_pickle (here: refused at submit)
  @Test
  void errorWhileEncodingTheTaskInTheParent_refusedAtSubmit_poolHealthy() throws Exception {
    assertThatThrownBy(() -> submitTrap(pool, Fault.THROW_ON_TASK_ENCODE_IN_PARENT, Fault.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to be encoded in the parent");
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_exit_at_task_unpickle
  @Test
  void workerExitsWhileDecodingTheTask_taskFailsBroken_workerReplaced() throws Exception {
    BrokenPoolException broken = brokenCause(submitTrap(pool, Fault.EXIT_ON_TASK_DECODE, Fault.NONE));

    assertThat(broken.exitCode()).hasValue(7);
    assertThat(broken).hasMessageContaining("exit code 7").hasMessageContaining("will be replaced");
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_crash_at_task_unpickle
  @Test
  void workerCrashesWhileDecodingTheTask_taskFailsBroken_workerReplaced() throws Exception {
    BrokenPoolException broken = brokenCause(submitTrap(pool, Fault.CRASH_ON_TASK_DECODE, Fault.NONE));

    assertCrashed(broken);
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_error_at_task_unpickle (here: that task fails alone)
  @Test
  void errorWhileDecodingTheTask_failsThatTaskOnly() throws Exception {
    Future<Trap> future = submitTrap(pool, Fault.THROW_ON_TASK_DECODE, Fault.NONE);

    assertThat(causeOf(future)).isInstanceOf(RemoteException.class).hasMessageContaining("refusing to be decoded in the child");
    assertPoolStillAnswers();
  }

  static Object exitDuringCall() {
    System.exit(3);
    return "unreachable";
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_exit_during_func_exec_on_worker (here: the JVM exits)
  @Test
  void workerCallsSystemExitDuringTheTask_taskFailsBrokenWithThatCode() throws Exception {
    BrokenPoolException broken = brokenCause(pool.submit(ProcessPoolFaultTest::exitDuringCall));

    assertThat(broken.exitCode()).hasValue(3);
    assertPoolStillAnswers();
  }

  static Object crashDuringCall() {
    crash();
    return "unreachable";
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_crash_during_func_exec_on_worker
  @Test
  void workerCrashesDuringTheTask_taskFailsBroken_poolGoesOn() throws Exception {
    BrokenPoolException broken = brokenCause(pool.submit(ProcessPoolFaultTest::crashDuringCall));

    assertCrashed(broken);
    assertPoolStillAnswers();
  }

  static Object raiseError() {
    throw new IllegalStateException("raised in the task");
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_error_during_func_exec_on_worker
  @Test
  void errorDuringTheTask_itsExceptionComesBack() throws Exception {
    Throwable cause = causeOf(pool.submit(ProcessPoolFaultTest::raiseError));

    assertThat(cause).isInstanceOf(RemoteException.class);
    assertThat(cause.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("raised in the task");
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_exit_during_result_pickle_on_worker (here: the JVM exits)
  @Test
  void workerExitsWhileEncodingTheResult_taskFailsBroken() throws Exception {
    BrokenPoolException broken = brokenCause(submitTrap(pool, Fault.NONE, Fault.EXIT_ON_RESULT_ENCODE));

    assertThat(broken.exitCode()).hasValue(8);
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_crash_during_result_pickle_on_worker
  @Test
  void workerCrashesWhileEncodingTheResult_taskFailsBroken() throws Exception {
    BrokenPoolException broken = brokenCause(submitTrap(pool, Fault.NONE, Fault.CRASH_ON_RESULT_ENCODE));

    assertCrashed(broken);
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_error_during_result_pickle_on_worker
  @Test
  void errorWhileEncodingTheResult_failsThatTaskOnly() throws Exception {
    Future<Trap> future = submitTrap(pool, Fault.NONE, Fault.THROW_ON_RESULT_ENCODE);

    assertThat(causeOf(future)).isInstanceOf(RemoteException.class).hasMessageContaining("refusing to be encoded in the child");
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_error_during_result_unpickle_in_result_handler (here: that task only)
  @Test
  void errorWhileDecodingTheResultInTheParent_failsThatTaskOnly() throws Exception {
    Future<Trap> future = submitTrap(pool, Fault.NONE, Fault.THROW_ON_RESULT_DECODE_IN_PARENT);

    assertThat(causeOf(future)).isInstanceOf(InvalidObjectException.class).hasMessageContaining("refusing to be decoded in the parent");
    assertPoolStillAnswers();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_exit_during_result_unpickle_in_result_handler (here: that task only)
  @Test
  void anErrorThrownWhileDecodingTheResultInTheParent_failsThatTaskOnly_thePoolGoesOn() throws Exception {
    Future<Trap> future = submitTrap(pool, Fault.NONE, Fault.ERROR_ON_RESULT_DECODE_IN_PARENT);

    assertThat(causeOf(future)).isInstanceOf(ExitRequested.class);
    assertPoolStillAnswers();
  }

  static Object crashAfterAMoment() {
    PoolApi314Test.pause(100);
    crash();
    return "unreachable";
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_shutdown_deadlock (a worker crashes after shutdown)
  @Test
  void workerCrashesAfterShutdown_taskFails_poolTerminates() throws Exception {
    Future<Object> dying = pool.submit(ProcessPoolFaultTest::crashAfterAMoment);
    Future<Integer> queued = pool.submit(() -> 9);

    pool.shutdown(/* wait= */ true, /* cancelFutures= */ false);

    assertCrashed(brokenCause(dying));
    assertThat(queued.get(LIMIT_S, TimeUnit.SECONDS)).as("queued work still runs on a replacement").isEqualTo(9);
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pool.workerPids()).isEmpty();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_shutdown_deadlock_pickle (here: refused at submit)
  @Test
  void taskThatCannotBeEncoded_thenShutdownWithoutWaiting_noDeadlock() throws Exception {
    assertThat(pool.submit(() -> 42).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(42);

    assertThatThrownBy(() -> submitTrap(pool, Fault.THROW_ON_TASK_ENCODE_IN_PARENT, Fault.NONE))
        .isInstanceOf(IllegalArgumentException.class);
    pool.shutdown(/* wait= */ false, /* cancelFutures= */ false);

    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  static Object crashWithData(String data) {
    crash();
    return data.length();
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_crash_big_data
  @Test
  void workerCrashesWhileBigDataIsInFlight_aCleanBrokenPool_notADeadlock() {
    ProcessPool fragile = pool(ProcessPool.builder().faultPolicy(ProcessPool.FaultPolicy.BREAK_POOL));
    String data = "a".repeat(1 << 20); // more than a pipe or socket buffer holds

    assertThatThrownBy(() -> fragile.map(ProcessPoolFaultTest::crashWithData, Collections.nCopies(10, data), 1))
        .isInstanceOf(BrokenPoolException.class);
  }

  // CPython: test_deadlock.py ExecutorDeadlockTest.test_gh105829_should_not_deadlock_if_wakeup_pipe_full
  @Test
  void manySubmissionsWhileTheWorkerStillBoots_noneBlocks() {
    ProcessPool fresh = pool(ProcessPool.builder());

    assertThat(fresh.map(x -> x, IntStream.range(0, 100).boxed().toList(), 1)).hasSize(100);
  }

  @Test
  void workerDies_theTaskQueuedBehindItInItsChannel_runsOnTheReplacement() throws Exception {
    Future<Object> dying = pool.submit(ProcessPoolFaultTest::exitDuringCall);
    Future<Integer> behind = pool.submit(() -> 5); // one worker: this one is sent ahead, into the dying one's channel

    assertThat(brokenCause(dying).exitCode()).hasValue(3);
    assertThat(behind.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(5);
  }

  @Test
  void breakPoolPolicy_workerDeath_failsQueuedTasks_refusesNewOnes() throws Exception {
    ProcessPool fragile = pool(ProcessPool.builder().faultPolicy(ProcessPool.FaultPolicy.BREAK_POOL));
    Future<Object> dying = fragile.submit(ProcessPoolFaultTest::exitDuringCall);
    Future<Integer> queued = fragile.submit(() -> 1);

    assertThat(brokenCause(dying)).hasMessageContaining("the pool is now broken");
    assertThat(brokenCause(queued).exitCode()).hasValue(3);
    assertThatThrownBy(() -> fragile.submit(() -> 2)).isInstanceOf(BrokenPoolException.class).hasMessageContaining("broken");
    assertThat(fragile.isShutdown()).isTrue();
    assertThat(fragile.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void matrixOfFaults_inOneQueue_eachFailsAlone() throws Exception {
    List<Future<Trap>> futures =
        List.of(
            submitTrap(pool, Fault.NONE, Fault.NONE),
            submitTrap(pool, Fault.THROW_ON_TASK_DECODE, Fault.NONE),
            submitTrap(pool, Fault.NONE, Fault.THROW_ON_RESULT_ENCODE),
            submitTrap(pool, Fault.NONE, Fault.NONE));

    assertThat(futures.get(0).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(new Trap(Fault.NONE));
    assertThat(causeOf(futures.get(1))).isInstanceOf(RemoteException.class);
    assertThat(causeOf(futures.get(2))).isInstanceOf(RemoteException.class);
    assertThat(futures.get(3).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(new Trap(Fault.NONE));
  }
}
