package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's {@code test_concurrent_futures/test_deadlock.py} failure-point matrix: a fault at each point of a
 * task's round trip (decoding the task, running it, encoding the result, decoding it in the parent, after
 * shutdown), each either an exception or the worker's death. None may hang: each test has a hard timeout, and
 * after each fault the pool must still answer.
 */
@Timeout(60)
final class ProcessPoolFaultTest {

  private static final long LIMIT_S = 30;

  private final Captured output = new Captured();
  private final ProcessPool pool =
      ProcessPool.builder().maxWorkers(1).jvmOptions(TestJvm.options()).output(output.out).build();

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).as("every worker exited").isTrue();
  }

  /** Where in the round trip the fault strikes, and how. */
  enum Fault {
    NONE,
    EXIT_ON_TASK_DECODE,
    THROW_ON_TASK_DECODE,
    EXIT_ON_RESULT_ENCODE,
    THROW_ON_RESULT_ENCODE,
    THROW_ON_RESULT_DECODE_IN_PARENT
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
      if (inChild() && fault == Fault.EXIT_ON_TASK_DECODE) {
        Runtime.getRuntime().halt(7);
      }
      if (inChild() && fault == Fault.THROW_ON_TASK_DECODE) {
        throw new InvalidObjectException("refusing to be decoded in the child");
      }
      if (!inChild() && fault == Fault.THROW_ON_RESULT_DECODE_IN_PARENT) {
        throw new InvalidObjectException("refusing to be decoded in the parent");
      }
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
      if (inChild() && fault == Fault.EXIT_ON_RESULT_ENCODE) {
        Runtime.getRuntime().halt(8);
      }
      if (inChild() && fault == Fault.THROW_ON_RESULT_ENCODE) {
        throw new IOException("refusing to be encoded in the child");
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

  private void assertPoolStillAnswers() throws Exception {
    assertThat(pool.submit(() -> "alive").get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo("alive");
  }

  private static BrokenPoolException brokenCause(Future<?> future) {
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> future.get(LIMIT_S, TimeUnit.SECONDS));
    assertThat(thrown.getCause()).isInstanceOf(BrokenPoolException.class);
    return (BrokenPoolException) thrown.getCause();
  }

  // test_deadlock.py: test_crash_at_task_unpickle
  @Test
  void workerExitsWhileDecodingTheTask_taskFailsBroken_workerReplaced() throws Exception {
    BrokenPoolException broken = brokenCause(submitTrap(pool, Fault.EXIT_ON_TASK_DECODE, Fault.NONE));

    assertThat(broken.exitCode()).hasValue(7);
    assertThat(broken).hasMessageContaining("exit code 7").hasMessageContaining("will be replaced");
    assertPoolStillAnswers();
  }

  // test_deadlock.py: test_error_at_task_unpickle
  @Test
  void errorWhileDecodingTheTask_failsThatTaskOnly() throws Exception {
    Future<Trap> future = submitTrap(pool, Fault.THROW_ON_TASK_DECODE, Fault.NONE);

    assertThatThrownBy(() -> future.get(LIMIT_S, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("refusing to be decoded in the child");
    assertPoolStillAnswers();
  }

  static Object exitDuringCall() {
    System.exit(3);
    return "unreachable";
  }

  // test_deadlock.py: test_exit_during_func_exec_on_worker
  @Test
  void workerCallsSystemExitDuringTheTask_taskFailsBrokenWithThatCode() throws Exception {
    BrokenPoolException broken = brokenCause(pool.submit(ProcessPoolFaultTest::exitDuringCall));

    assertThat(broken.exitCode()).hasValue(3);
    assertPoolStillAnswers();
  }

  static Object killSelf() throws Exception {
    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
    return "unreachable";
  }

  // test_deadlock.py: test_crash_during_func_exec_on_worker
  @Test
  void workerKilledDuringTheTask_taskFailsBrokenWithMinusNine() throws Exception {
    BrokenPoolException broken = brokenCause(pool.submit(ProcessPoolFaultTest::killSelf));

    assertThat(broken.exitCode()).hasValue(-9);
    assertThat(broken).hasMessageContaining("SIGKILL");
    assertPoolStillAnswers();
  }

  // test_deadlock.py: test_crash_during_result_pickle_on_worker
  @Test
  void workerExitsWhileEncodingTheResult_taskFailsBroken() throws Exception {
    BrokenPoolException broken = brokenCause(submitTrap(pool, Fault.NONE, Fault.EXIT_ON_RESULT_ENCODE));

    assertThat(broken.exitCode()).hasValue(8);
    assertPoolStillAnswers();
  }

  // test_deadlock.py: test_error_during_result_pickle_on_worker
  @Test
  void errorWhileEncodingTheResult_failsThatTaskOnly() throws Exception {
    Future<Trap> future = submitTrap(pool, Fault.NONE, Fault.THROW_ON_RESULT_ENCODE);

    assertThatThrownBy(() -> future.get(LIMIT_S, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("refusing to be encoded in the child");
    assertPoolStillAnswers();
  }

  // test_deadlock.py: test_error_during_result_unpickle_in_result_handler
  @Test
  void errorWhileDecodingTheResultInTheParent_failsThatTaskOnly() throws Exception {
    Future<Trap> future = submitTrap(pool, Fault.NONE, Fault.THROW_ON_RESULT_DECODE_IN_PARENT);

    assertThatThrownBy(() -> future.get(LIMIT_S, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("refusing to be decoded in the parent");
    assertPoolStillAnswers();
  }

  // test_deadlock.py: test_shutdown_deadlock (a worker dies after shutdown was asked for)
  @Test
  void workerDiesAfterShutdown_taskFails_poolTerminates() throws Exception {
    Future<Object> dying = pool.submit(ProcessPoolFaultTest::exitDuringCall);
    Future<Integer> queued = pool.submit(() -> 9);

    pool.shutdown();

    assertThat(brokenCause(dying).exitCode()).hasValue(3);
    assertThat(queued.get(LIMIT_S, TimeUnit.SECONDS)).as("queued work still runs on a replacement").isEqualTo(9);
    assertThat(pool.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.workerPids()).isEmpty();
  }

  @Test
  void workerDies_theTaskQueuedBehindItInItsPipe_runsOnTheReplacement() throws Exception {
    Future<Object> dying = pool.submit(ProcessPoolFaultTest::exitDuringCall);
    Future<Integer> behind = pool.submit(() -> 5); // one worker: this one is sent ahead, into the dying one's pipe

    assertThat(brokenCause(dying).exitCode()).hasValue(3);
    assertThat(behind.get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(5);
  }

  @Test
  void breakPoolPolicy_workerDeath_failsQueuedTasks_refusesNewOnes() throws Exception {
    try (ProcessPool fragile =
        ProcessPool.builder()
            .maxWorkers(1)
            .faultPolicy(ProcessPool.FaultPolicy.BREAK_POOL)
            .jvmOptions(TestJvm.options())
            .output(output.out)
            .build()) {
      Future<Object> dying = fragile.submit(ProcessPoolFaultTest::exitDuringCall);
      Future<Integer> queued = fragile.submit(() -> 1);

      assertThat(brokenCause(dying)).hasMessageContaining("the pool is now broken");
      assertThat(brokenCause(queued).exitCode()).hasValue(3);
      assertThatThrownBy(() -> fragile.submit(() -> 2))
          .isInstanceOf(BrokenPoolException.class)
          .hasMessageContaining("broken");
      assertThat(fragile.isShutdown()).isTrue();
      assertThat(fragile.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    }
  }

  static void failingInitializer() {
    throw new IllegalStateException("no database");
  }

  @Test
  void initializerFails_poolBreaks_evenUnderTheReplacePolicy() throws Exception {
    try (ProcessPool pool2 =
        ProcessPool.builder()
            .maxWorkers(1)
            .initializer(ProcessPoolFaultTest::failingInitializer)
            .jvmOptions(TestJvm.options())
            .output(output.out)
            .build()) {
      Future<Integer> task = pool2.submit(() -> 1);

      assertThat(brokenCause(task)).hasMessageContaining("initializer failed").hasMessageContaining("no database");
      assertThatThrownBy(() -> pool2.submit(() -> 2)).isInstanceOf(BrokenPoolException.class);
      assertThat(pool2.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
    }
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
    assertThatThrownBy(() -> futures.get(1).get(LIMIT_S, TimeUnit.SECONDS)).cause().isInstanceOf(RemoteException.class);
    assertThatThrownBy(() -> futures.get(2).get(LIMIT_S, TimeUnit.SECONDS)).cause().isInstanceOf(RemoteException.class);
    assertThat(futures.get(3).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(new Trap(Fault.NONE));
  }
}
