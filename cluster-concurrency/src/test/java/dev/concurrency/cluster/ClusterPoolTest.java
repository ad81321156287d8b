package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.DistributedObject;
import dev.concurrency.cluster.forbidden.Parcel;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ClusterPool's ExecutorService side on the shared three-member cluster: submit, failures, placement, shutdown. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class ClusterPoolTest {

  private static final long WAIT_SECONDS = 60;

  private static TestCluster cluster;
  private static ClusterPool pool;

  /* The members run in this JVM, so a task and the test share these: how a test sees a task start or stop. */
  private static volatile CountDownLatch started;
  private static volatile CountDownLatch interrupted;

  @BeforeAll
  static void start() {
    cluster = TestCluster.shared();
    pool = ClusterPool.on(cluster.first());
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_apply, _TestPool.test_async
  @Test
  void submit_callable_completesWithItsValue() throws Exception {
    ClusterFuture<Integer> answer = pool.submit(() -> 6 * 7);

    assertThat(answer.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(answer.ranOn()).contains(answer.sentTo());
  }

  @Test
  void submit_runnable_completesWithNull() throws Exception {
    SerializableRunnable nothing = () -> {};

    assertThat(pool.submit(nothing).get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_apply
  @Test
  void submit_plainSerializableCallable_isAccepted() throws Exception {
    Callable<String> task = new Greeting("hello");

    assertThat(pool.submit(task).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hello");
  }

  // CPython: _test_multiprocessing.py _TestPool.test_traceback
  @Test
  void submit_taskThrows_remoteExceptionNamesTypeMessageAndMember() {
    ClusterFuture<Object> failing =
        pool.submit(
            () -> {
              throw new IllegalStateException("boom");
            });

    assertThatThrownBy(() -> failing.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RemoteException.class,
            remote -> {
              assertThat(remote.remoteType()).isEqualTo("java.lang.IllegalStateException");
              assertThat(remote.remoteMessage()).isEqualTo("boom");
              assertThat(remote.member()).isEqualTo(failing.sentTo());
              assertThat(remote.remoteStackTrace()).contains("boom").contains("ClusterPoolTest");
              assertThat(remote).hasMessageContaining("on member " + failing.sentTo().name());
            });
  }

  @Test
  void submit_capturesSomethingUnserializable_refusedAtSubmitAndPoolCarriesOn() throws Exception {
    Object lock = new Object();

    assertThatThrownBy(() -> pool.submit(() -> lock.hashCode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be sent to a cluster member")
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("SerializableCallable");
    assertThat(pool.submit(() -> "still fine").get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("still fine");
  }

  @Test
  void submit_callableThatIsNotSerializable_refusedAtSubmit() {
    Callable<String> task = () -> "a plain lambda";

    assertThatThrownBy(() -> pool.submit(task))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it is not Serializable");
    assertThatThrownBy(() -> pool.execute(() -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it is not Serializable");
  }

  @Test
  void submit_taskClassNotOnMemberAllowlist_failsWithClassNotAllowed() {
    ClusterFuture<String> refused = pool.submit(new Parcel.Task("secret"));

    assertThatThrownBy(() -> refused.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            ClassNotAllowedException.class,
            e -> {
              assertThat(e.className()).isEqualTo(Parcel.Task.class.getName());
              assertThat(e).hasMessageContaining("member " + refused.sentTo()).hasMessageContaining("refused to deserialize");
              assertThat(e).hasMessageContaining("ClusterMember.Builder.allow");
            });
    assertThat(pool.workLog().runs()).noneMatch(run -> run.task().equals(refused.task()));
  }

  @Test
  void submit_resultClassNotOnThisAllowlist_failsWithClassNotAllowed() {
    ClusterFuture<Parcel> refused = pool.submit(() -> new Parcel("contraband"));

    assertThatThrownBy(() -> refused.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            ClassNotAllowedException.class,
            e -> {
              assertThat(e.className()).isEqualTo(Parcel.class.getName());
              assertThat(e).hasMessageContaining("this JVM refused to deserialize the result");
            });
  }

  @Test
  void submit_resultNotSerializable_failsWithWhatToDo() {
    ClusterFuture<Object> unsendable = pool.submit(() -> new Object());

    assertThatThrownBy(() -> unsendable.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("could not be sent back")
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("Return a Serializable value");
  }

  @Test
  void placement_roundRobin_dealsTasksToTheMembersInTurn() throws Exception {
    List<ClusterFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      futures.add(pool.submit(() -> "x"));
    }
    List<MemberInfo> sentTo = futures.stream().map(ClusterFuture::sentTo).toList();
    for (ClusterFuture<String> future : futures) {
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    // other tests may submit between these, so check the rotation, not the starting member
    List<MemberInfo> members = cluster.first().members();
    int offset = members.indexOf(sentTo.get(0));
    for (int i = 0; i < 6; i++) {
      assertThat(sentTo.get(i)).isEqualTo(members.get((offset + i) % 3));
      assertThat(futures.get(i).ranOn()).contains(sentTo.get(i));
    }
  }

  @Test
  void placement_byKey_runsWhereTheKeysPartitionLives() throws Exception {
    for (String key : List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta")) {
      ClusterFuture<String> future = pool.submit(() -> "x", Placement.byKey(key));
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);

      UUID owner = cluster.first().hazelcast().getPartitionService().getPartition(key).getOwner().getUuid();
      assertThat(future.ranOn().orElseThrow().uuid()).as("key %s", key).isEqualTo(owner);
    }
  }

  @Test
  void placement_onMember_runsOnThatMember() throws Exception {
    for (MemberInfo member : cluster.first().members()) {
      ClusterFuture<String> future = pool.submit(() -> "x", Placement.onMember(member));

      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(future.sentTo()).isEqualTo(member);
      assertThat(future.ranOn()).contains(member);
    }
  }

  @Test
  void placement_onMemberNotInTheCluster_refusedAtSubmit() {
    MemberInfo stranger = new MemberInfo(UUID.randomUUID(), "127.0.0.1:1", "stranger");

    assertThatThrownBy(() -> pool.submit(() -> "x", Placement.onMember(stranger)))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("stranger")
        .hasMessageContaining("not in the cluster");
  }

  @Test
  void placement_byKeyThatCannotBeSerialized_refusedAtSubmit() {
    assertThatThrownBy(() -> pool.submit(() -> "x", Placement.byKey(new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be serialized, so it has no partition");
  }

  @Test
  void workLog_recordsWhereAndWhenEachTaskRan() throws Exception {
    ClusterPool fresh = ClusterPool.on(cluster.first());
    try {
      for (MemberInfo member : cluster.first().members()) {
        fresh.submit(() -> "x", Placement.onMember(member)).get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
      fresh.submit(() -> "y", Placement.onMember(cluster.first().info())).get(WAIT_SECONDS, TimeUnit.SECONDS);

      List<TaskRun> runs = fresh.workLog().runs();
      assertThat(runs).hasSize(4).allMatch(run -> run.status() == TaskRun.Status.SUCCEEDED && !run.moved());
      assertThat(runs).allMatch(run -> !run.started().isBefore(fresh.workLog().origin().minusSeconds(1)));
      assertThat(fresh.workLog().countsByMember())
          .containsEntry(cluster.members.get(0).info(), 2L)
          .containsEntry(cluster.members.get(1).info(), 1L)
          .containsEntry(cluster.members.get(2).info(), 1L);
      assertThat(fresh.workLog().summary()).contains("member-1").contains("member-2").contains("member-3");
    } finally {
      fresh.close();
    }
  }

  @Test
  void cancel_runningTask_interruptsItOnItsMember() throws Exception {
    started = new CountDownLatch(1);
    interrupted = new CountDownLatch(1);
    ClusterFuture<?> sleeper =
        pool.submit(
            (SerializableRunnable)
                () -> {
                  started.countDown();
                  try {
                    Thread.sleep(Duration.ofMinutes(5));
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                });
    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    assertThat(sleeper.cancel(true)).isTrue();

    assertThat(sleeper).isCancelled();
    assertThat(interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("interrupted on the member").isTrue();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_context
  @Test
  void shutdown_refusesNewTasksLetsThoseInFlightFinish() throws Exception {
    ClusterPool closing = ClusterPool.on(cluster.first());
    started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Gate.release = release;
    ClusterFuture<String> inFlight =
        closing.submit(
            () -> {
              started.countDown();
              Gate.release.await();
              return "finished";
            });
    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    closing.shutdown();

    assertThat(closing.isShutdown()).isTrue();
    assertThat(closing.isTerminated()).isFalse();
    assertThatThrownBy(() -> closing.submit(() -> "late"))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThat(closing.awaitTermination(10, TimeUnit.MILLISECONDS)).isFalse();
    release.countDown();
    assertThat(inFlight.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("finished");
    assertThat(closing.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(closing.isTerminated()).isTrue();
    closing.close();
  }

  // CPython: _test_multiprocessing.py _TestPool.test_terminate
  @Test
  void shutdownNow_cancelsTasksInFlight() throws Exception {
    ClusterPool closing = ClusterPool.on(cluster.first());
    started = new CountDownLatch(1);
    interrupted = new CountDownLatch(1);
    ClusterFuture<?> sleeper =
        closing.submit(
            (SerializableRunnable)
                () -> {
                  started.countDown();
                  try {
                    Thread.sleep(Duration.ofMinutes(5));
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                });
    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    assertThat(closing.shutdownNow()).isEmpty();

    assertThat(sleeper).isCancelled();
    assertThat(interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(closing.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    closing.close();
  }

  @Test
  void close_destroysThePoolsOwnExecutorOnTheMembers() throws Exception {
    ClusterPool closing = ClusterPool.on(cluster.first());
    closing.submit(() -> "x").get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(executorNames()).contains(closing.executorName());

    closing.close();

    assertThat(closing.isTerminated()).isTrue();
    assertThat(executorNames()).doesNotContain(closing.executorName());
  }

  @Test
  void close_namedPool_leavesTheSharedExecutor() throws Exception {
    ClusterPool named = ClusterPool.builder(cluster.first()).name("shared-" + UUID.randomUUID()).build();
    named.submit(() -> "x").get(WAIT_SECONDS, TimeUnit.SECONDS);

    named.close();

    assertThat(executorNames()).contains(named.executorName());
    cluster.first().hazelcast().getExecutorService(named.executorName()).destroy();
  }

  @Test
  void invokeAll_returnsEveryOutcome() throws Exception {
    List<Callable<Integer>> tasks = List.of(new Constant(1), new Constant(2), new Failing());

    List<Future<Integer>> futures = pool.invokeAll(tasks);

    assertThat(futures).allMatch(Future::isDone);
    assertThat(futures.get(0).get()).isEqualTo(1);
    assertThat(futures.get(1).get()).isEqualTo(2);
    assertThatThrownBy(() -> futures.get(2).get()).cause().isInstanceOf(RemoteException.class);
  }

  @Test
  void invokeAll_aTaskNotSerializable_noneIsSent() {
    long before = pool.workLog().runs().size();
    List<Callable<Integer>> tasks = List.of(new Constant(1), () -> 2);

    assertThatThrownBy(() -> pool.invokeAll(tasks)).isInstanceOf(IllegalArgumentException.class);
    assertThat(pool.workLog().runs()).hasSize((int) before);
  }

  @Test
  void invokeAny_returnsASuccessfulResult() throws Exception {
    assertThat(pool.invokeAny(List.of(new Failing(), new Constant(7)))).isEqualTo(7);
    assertThatThrownBy(() -> pool.invokeAny(List.of(new Failing())))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RemoteException.class);
    assertThatThrownBy(() -> pool.invokeAny(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invokeAll_withTimeout_cancelsWhatDidNotFinish() throws Exception {
    started = new CountDownLatch(1);
    Callable<Integer> slow = new Sleeper();

    List<Future<Integer>> futures = pool.invokeAll(List.of(new Constant(1), slow), 1, TimeUnit.SECONDS);

    assertThat(futures.get(0).get()).isEqualTo(1);
    assertThat(futures.get(1).isCancelled()).isTrue();
    assertThatThrownBy(() -> futures.get(1).get()).isInstanceOf(CancellationException.class);
  }

  private static List<String> executorNames() {
    return cluster.first().hazelcast().getDistributedObjects().stream().map(DistributedObject::getName).toList();
  }

  /** Where a task waits for the test: a static, since the members run in this JVM. */
  static final class Gate {
    static volatile CountDownLatch release;
  }

  record Greeting(String text) implements Callable<String>, Serializable {
    @Override
    public String call() {
      return text;
    }
  }

  record Constant(int value) implements Callable<Integer>, Serializable {
    @Override
    public Integer call() {
      return value;
    }
  }

  record Failing() implements Callable<Integer>, Serializable {
    @Override
    public Integer call() {
      throw new IllegalStateException("failing on purpose");
    }
  }

  record Sleeper() implements Callable<Integer>, Serializable {
    @Override
    public Integer call() throws InterruptedException {
      Thread.sleep(Duration.ofMinutes(5));
      return 0;
    }
  }
}
