package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.outside.OutsideTasks;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Clear limits and exceptions that always come back (issue 21, section 2): every limit is a named setting whose
 * error names it; exceeding one fails that task only, and no worker dies for it, whatever the limit is set to; an
 * exception whose {@code getMessage()} or {@code toString()} throws, or that cannot be serialized, still comes back
 * as a {@link RemoteException}, and one whose class is allowed comes back as itself, the remote exception's cause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
final class TransferTest {

  private static final long LIMIT_S = 60;
  private static final int SMALL_FRAME = 1 << 20;
  private static final TransferLimits SMALL =
      TransferLimits.DEFAULT.withMaxFrameBytes(SMALL_FRAME).withMaxDepth(200).withMaxObjects(5_000).withMaxArrayLength(10_000);

  private final Captured output = new Captured();
  private ProcessPool small;

  @BeforeAll
  void startPool() {
    small = ProcessPool.builder().maxWorkers(1).limits(SMALL).jvmOptions(TestJvm.options()).output(output.out).build();
  }

  @AfterAll
  void stopPool() throws InterruptedException {
    small.shutdownNow();
    assertThat(small.awaitTermination(LIMIT_S, TimeUnit.SECONDS)).isTrue();
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  private long workerPid() throws Exception {
    return small.submit(TransferTest::pid).get(LIMIT_S, TimeUnit.SECONDS);
  }

  private static Throwable causeOf(Future<?> future) {
    return org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> future.get(LIMIT_S, TimeUnit.SECONDS))
        .getCause();
  }

  @Test
  void argumentAboveMaxFrameBytes_refusedAtSubmit_namingTheSetting_nothingSent() throws Exception {
    byte[] big = new byte[SMALL_FRAME + 1];
    long before = workerPid();

    assertThatThrownBy(() -> small.submit(() -> big.length))
        .isInstanceOf(TransferLimitException.class)
        .hasMessageContaining("TransferLimits.maxFrameBytes = " + SMALL_FRAME)
        .hasMessageContaining("withMaxFrameBytes")
        .extracting(e -> ((TransferLimitException) e).limit())
        .isEqualTo(TransferLimits.Limit.MAX_FRAME_BYTES);
    assertThat(workerPid()).isEqualTo(before);
  }

  static byte[] twoMegabytes() {
    return new byte[2 * SMALL_FRAME];
  }

  @Test
  void resultAboveMaxFrameBytes_failsThatTaskOnly_theWorkerLives() throws Exception {
    long before = workerPid();

    Throwable cause = causeOf(small.submit(TransferTest::twoMegabytes));

    assertThat(cause).isInstanceOf(RemoteException.class).hasMessageContaining("TransferLimits.maxFrameBytes = " + SMALL_FRAME);
    assertThat(cause.getCause()).as("rebuilt: the class is allowed").isInstanceOf(TransferLimitException.class);
    assertThat(((TransferLimitException) cause.getCause()).limit()).isEqualTo(TransferLimits.Limit.MAX_FRAME_BYTES);
    assertThat(workerPid()).as("the same worker answers").isEqualTo(before);
  }

  /** A chain of nested nodes, as deep as asked. */
  record Node(int depth, Node next) implements Serializable {
    static Node chain(int depth) {
      Node node = null;
      for (int i = 0; i < depth; i++) {
        node = new Node(i, node);
      }
      return node;
    }
  }

  @Test
  void argumentDeeperThanMaxDepth_failsInTheChild_namingTheSetting_theWorkerLives() throws Exception {
    Node deep = Node.chain(500);
    long before = workerPid();

    Throwable cause = causeOf(small.submit(() -> deep.depth()));

    assertThat(cause).isInstanceOf(RemoteException.class).hasMessageContaining("TransferLimits.maxDepth = 200");
    assertThat(cause).hasMessageNotContaining("allowlist");
    assertThat(workerPid()).isEqualTo(before);
  }

  static List<Integer> manyObjects() {
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 8_000; i++) { // an array of 8,000 is within maxArrayLength: the objects are the limit
      many.add(100_000 + i); // outside the Integer cache: each one an object
    }
    return many;
  }

  @Test
  void resultWithMoreObjectsThanMaxObjects_failsInTheParent_namingTheSetting_theWorkerLives() throws Exception {
    long before = workerPid();

    Throwable cause = causeOf(small.submit(TransferTest::manyObjects));

    assertThat(cause).isInstanceOf(TransferLimitException.class).hasMessageContaining("TransferLimits.maxObjects = 5000");
    assertThat(workerPid()).isEqualTo(before);
  }

  static String[] longArray() {
    return new String[20_000];
  }

  @Test
  void resultArrayLongerThanMaxArrayLength_failsThatTask_namingTheSetting() throws Exception {
    Throwable cause = causeOf(small.submit(TransferTest::longArray));

    assertThat(cause)
        .isInstanceOf(TransferLimitException.class)
        .hasMessageContaining("20000 elements in one array, above TransferLimits.maxArrayLength = 10000");
  }

  static byte[] seventyMegabytes() {
    byte[] bytes = new byte[70 << 20];
    Arrays.fill(bytes, (byte) 7);
    bytes[bytes.length - 1] = 42;
    return bytes;
  }

  @Test
  void frameLimitRaisedAbove64MiB_aLargerResultArrives_noWorkerKilled() throws Exception {
    try (ProcessPool big = ProcessPool.builder()
        .maxWorkers(1)
        .limits(TransferLimits.DEFAULT.withMaxFrameBytes(96 << 20))
        .jvmOptions(TestJvm.options())
        .output(output.out)
        .build()) {
      long worker = big.submit(TransferTest::pid).get(LIMIT_S, TimeUnit.SECONDS);

      byte[] result = big.submit(TransferTest::seventyMegabytes).get(LIMIT_S, TimeUnit.SECONDS);

      assertThat(result).hasSize(70 << 20);
      assertThat(result[result.length - 1]).isEqualTo((byte) 42);
      assertThat(big.submit(TransferTest::pid).get(LIMIT_S, TimeUnit.SECONDS)).isEqualTo(worker);
    }
  }

  /** An exception whose message and string form both throw. */
  static final class Hostile extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("no message for you");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("no string either");
    }
  }

  static Object throwHostile() {
    throw new Hostile();
  }

  @Test
  void exceptionWhoseGetMessageAndToStringThrow_comesBack_theWorkerLives() throws Exception {
    long before = workerPid();

    Throwable cause = causeOf(small.submit(TransferTest::throwHostile));

    assertThat(cause).isInstanceOf(RemoteException.class);
    RemoteException remote = (RemoteException) cause;
    assertThat(remote.remoteType()).isEqualTo(Hostile.class.getName());
    assertThat(remote.remoteMessage()).contains("getMessage() threw");
    assertThat(remote.remoteStackTrace()).contains("toString() threw", "TransferTest.throwHostile");
    assertThat(workerPid()).isEqualTo(before);
  }

  /** An exception that cannot be serialized: one of its fields is not. */
  static final class Unserializable extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // the point of the test
    private final Thread owner = Thread.currentThread();

    Unserializable() {
      super("cannot travel");
    }

    Thread owner() {
      return owner;
    }
  }

  static Object throwUnserializable() {
    throw new Unserializable();
  }

  @Test
  void exceptionThatCannotBeSerialized_comesBackAsData_theWorkerLives() throws Exception {
    long before = workerPid();

    Throwable cause = causeOf(small.submit(TransferTest::throwUnserializable));

    assertThat(cause).isInstanceOf(RemoteException.class).hasMessage(Unserializable.class.getName() + ": cannot travel");
    assertThat(cause.getCause()).isNotInstanceOf(Unserializable.class).hasMessageContaining("cannot travel");
    assertThat(workerPid()).isEqualTo(before);
  }

  static Object throwArithmetic() {
    throw new ArithmeticException("/ by zero, remotely");
  }

  @Test
  void exceptionOfAnAllowedClass_isTheRemoteExceptionsCause_asPythonReraisesTheOriginalType() throws Exception {
    Throwable cause = causeOf(small.submit(TransferTest::throwArithmetic));

    assertThat(cause).isInstanceOf(RemoteException.class);
    assertThat(cause.getCause()).isInstanceOf(ArithmeticException.class).hasMessage("/ by zero, remotely");
    assertThat(cause.getCause().getStackTrace()[0].getMethodName()).isEqualTo("throwArithmetic");
  }

  static Object throwOutside() {
    throw new OutsideTasks.OutsideException("from elsewhere");
  }

  @Test
  void exceptionOutsideTheAllowlist_standIn_unlessThePoolAllowsItsPackage() throws Exception {
    Throwable refused = causeOf(small.submit(TransferTest::throwOutside));
    assertThat(refused.getCause()).isNotInstanceOf(OutsideTasks.OutsideException.class);
    assertThat(((RemoteException) refused).remoteType()).isEqualTo(OutsideTasks.OutsideException.class.getName());

    try (ProcessPool allowing = ProcessPool.builder()
        .maxWorkers(1)
        .allow("com.example.**")
        .jvmOptions(TestJvm.options())
        .output(output.out)
        .build()) {
      Throwable rebuilt = causeOf(allowing.submit(TransferTest::throwOutside));

      assertThat(rebuilt.getCause()).isInstanceOf(OutsideTasks.OutsideException.class);
    }
  }
}
