package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.JvmCommand;
import dev.concurrency.processes.internal.WarmSpares;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChildProcess} against Python's {@code _TestProcess}, {@code _TestSubclassingProcess} and the like. */
@Timeout(180)
final class ChildProcessConformanceTest {

  private static final Duration LONG = Duration.ofSeconds(60);

  private final Children children = new Children();
  private final List<ProcessQueue> queues = new ArrayList<>();
  private final List<ChildProcess> started = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void cleanUp() throws InterruptedException {
    children.close();
    for (ChildProcess child : started) {
      if (!child.toString().contains("closed") && child.toString().contains("started") && child.isAlive()) {
        child.kill();
        child.join(LONG);
      }
    }
    queues.forEach(ProcessQueue::unlink);
  }

  private ProcessQueue queue() {
    ProcessQueue queue = ProcessQueue.create();
    queues.add(queue);
    return queue;
  }

  private ChildProcess.Builder builder(SerializableRunnable target) {
    return ChildProcess.builder(target).jvmOptions(TestJvm.options());
  }

  private ChildProcess track(ChildProcess child) {
    started.add(child);
    return child;
  }

  /** A target whose body may throw anything; a failure ends the child with status 1. */
  interface Body extends SerializableRunnable {
    void body() throws Exception;

    @Override
    default void run() {
      try {
        body();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Puts its argument into the queue: Python's {@code _test_args}. */
  record PutArgument(ProcessQueue queue, java.io.Serializable argument) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(argument);
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_args_argument
  @Test
  void target_carriesItsArguments_ofEveryKind() throws Exception {
    ProcessQueue queue = queue();
    for (java.io.Serializable argument : List.<java.io.Serializable>of(1, "str", new ArrayList<>(List.of(1)), new int[] {1})) {
      children.run(new PutArgument(queue, argument));
      Object received = queue.get(LONG);
      if (argument instanceof int[] array) {
        assertThat((int[]) received).isEqualTo(array);
      } else {
        assertThat(received).isEqualTo(argument);
      }
    }
  }

  /** Does nothing. */
  record Nothing() implements SerializableRunnable {
    @Override
    public void run() {}
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_daemon_argument
  @Test
  void daemon_defaultsToFalse_andCanBeSetEitherWay() {
    assertThat(ChildProcess.of(new Nothing()).daemon()).as("as this process, which is not a daemon").isFalse();
    assertThat(ChildProcess.builder(new Nothing()).daemon(true).build().daemon()).isTrue();
    assertThat(ChildProcess.builder(new Nothing()).daemon(false).build().daemon()).isFalse();
  }

  /** Puts its parent's pid. */
  record PutParentPid(ProcessQueue queue) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(ProcessHandle.current().parent().orElseThrow().pid());
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_parent_process_attributes
  @Test
  void child_seesThisProcessAsItsParent() throws Exception {
    ProcessQueue queue = queue();
    children.run(new PutParentPid(queue));
    assertThat(queue.get(LONG)).isEqualTo(ProcessHandle.current().pid());
  }

  /** Starts a grandchild that puts its pid and stays, and stays itself. */
  record StartGrandchild(ProcessQueue queue) implements Body {
    @Override
    public void body() throws Exception {
      ChildProcess grandchild = ChildProcess.of(new PutPidAndStay(queue));
      grandchild.start();
      grandchild.join(LONG);
    }
  }

  /** Puts its pid and stays until killed (a minute at most). */
  record PutPidAndStay(ProcessQueue queue) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(ProcessHandle.current().pid());
      SharedEvent.create().await(LONG);
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_parent_process
  @Test
  void terminatedChild_takesItsGrandchildWithIt_onPurpose() throws Exception {
    ProcessQueue queue = queue();
    ChildProcess child = children.start(new StartGrandchild(queue));
    long grandchild = (Long) queue.get(LONG);
    assertThat(ProcessHandle.of(grandchild)).isPresent();

    child.terminate();
    assertThat(child.join(LONG)).isTrue();

    // Python's grandchild outlives its parent and sees it die; here terminate() ends the whole tree (see the
    // README's differences): no orphan is left behind.
    ProcessHandle.of(grandchild).ifPresent(handle -> handle.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
  }

  /** Python's {@code _test}: puts its arguments, its name and its pid. */
  record Report(ProcessQueue queue, List<Integer> args, Map<String, Double> kwargs, String name) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(new ArrayList<>(args));
      queue.put(new java.util.HashMap<>(kwargs));
      queue.put(name);
      queue.put(ProcessHandle.current().pid());
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_process
  @Test
  void process_lifecycle_aliveActiveExitCode() throws Exception {
    ProcessQueue queue = queue();
    ChildProcess p = track(builder(new Report(queue, List.of(1, 2), Map.of("hello", 23.0, "bye", 2.54), "SomeProcess"))
        .name("SomeProcess").daemon(true).build());

    assertThat(p.isAlive()).isFalse();
    assertThat(p.daemon()).isTrue();
    assertThat(ChildProcess.activeChildren()).doesNotContain(p);
    assertThat(p.exitCode()).isEmpty();

    p.start();

    assertThat(p.exitCode()).isEmpty();
    assertThat(ChildProcess.activeChildren()).contains(p);
    assertThat(queue.get(LONG)).isEqualTo(List.of(1, 2));
    assertThat(queue.get(LONG)).isEqualTo(Map.of("hello", 23.0, "bye", 2.54));
    assertThat(queue.get(LONG)).isEqualTo(p.name());
    assertThat(queue.get(LONG)).isEqualTo(p.pid());
    assertThat(p.join(LONG)).isTrue();

    assertThat(p.exitCode()).hasValue(0);
    assertThat(p.isAlive()).isFalse();
    assertThat(ChildProcess.activeChildren()).doesNotContain(p);
  }

  /** Puts its pid and its main thread's id. */
  record PutIdentity(ProcessQueue queue) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(new long[] {ProcessHandle.current().pid(), Thread.currentThread().threadId()});
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_process_mainthread_native_id
  @Test
  void child_runsItsOwnMainThread_inItsOwnProcess() throws Exception {
    ProcessQueue queue = queue();
    children.run(new PutIdentity(queue));
    long[] identity = (long[]) queue.get(LONG);
    assertThat(identity[0]).isNotEqualTo(ProcessHandle.current().pid());
  }

  /** Python's {@code _sleep_some_event}: says it runs, then stays until ended (a minute at most). */
  record SetAndStay(SharedEvent running) implements Body {
    @Override
    public void body() throws Exception {
      running.set();
      SharedEvent.create().await(LONG);
    }
  }

  /** Python's {@code _kill_process}: the common part of the terminate and kill tests. */
  private int stopped(boolean force) throws Exception {
    SharedEvent running = SharedEvent.create();
    ChildProcess p = track(builder(new SetAndStay(running)).daemon(true).build());
    p.start();
    assertThat(p.isAlive()).isTrue();
    assertThat(ChildProcess.activeChildren()).contains(p);
    assertThat(p.exitCode()).isEmpty();
    assertThat(p.join(Duration.ZERO)).isFalse();
    assertThat(p.isAlive()).isTrue();
    assertThat(p.join(Duration.ofSeconds(-1))).isFalse();
    assertThat(p.isAlive()).isTrue();
    assertThat(running.await(LONG)).isTrue();

    if (force) {
      p.kill();
    } else {
      p.terminate();
    }

    assertThat(p.join(LONG)).isTrue();
    assertThat(p.isAlive()).isFalse();
    assertThat(ChildProcess.activeChildren()).doesNotContain(p);
    return p.exitCode().orElseThrow();
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_terminate
  @Test
  void terminate_exitCodeMinusSigterm() throws Exception {
    assertThat(stopped(false)).isEqualTo(-15);
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_kill
  @Test
  void kill_exitCodeMinusSigkill() throws Exception {
    assertThat(stopped(true)).isEqualTo(-9);
  }

  /** Waits for the event (a minute at most). */
  record AwaitEvent(SharedEvent event) implements Body {
    @Override
    public void body() throws Exception {
      event.await(LONG);
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_active_children
  @Test
  void activeChildren_listsAStartedChildUntilItsJoin() throws Exception {
    SharedEvent done = SharedEvent.create();
    ChildProcess p = track(builder(new AwaitEvent(done)).daemon(true).build());
    assertThat(ChildProcess.activeChildren()).doesNotContain(p);
    try {
      p.start();
      assertThat(ChildProcess.activeChildren()).contains(p);
    } finally {
      done.set();
    }
    assertThat(p.join(LONG)).isTrue();
    assertThat(ChildProcess.activeChildren()).doesNotContain(p);
  }

  /** Python's {@code _test_recursion}: puts its id, then (twice, one after the other) starts a child one deeper. */
  record Recurse(ProcessQueue queue, List<Integer> id) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(new ArrayList<>(id));
      if (id.size() < 2) {
        for (int i = 0; i < 2; i++) {
          List<Integer> deeper = new ArrayList<>(id);
          deeper.add(i);
          ChildProcess child = ChildProcess.builder(new Recurse(queue, deeper)).jvmOptions(TestJvm.options()).build();
          child.start();
          if (!child.join(LONG)) {
            throw new IllegalStateException("a child " + deeper + " did not end in time");
          }
        }
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_recursion
  @Test
  void childrenStartChildren_inOrder() throws Exception {
    // Python's processes all send on one pipe end they share; here they put on a queue (an end is one process's).
    ProcessQueue queue = queue();
    new Recurse(queue, List.of()).run();

    List<Object> result = new ArrayList<>();
    while (!queue.empty()) {
      result.add(queue.get(LONG));
    }
    assertThat(result).containsExactly(List.of(), List.of(0), List.of(0, 0), List.of(0, 1), List.of(1), List.of(1, 0),
        List.of(1, 1));
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_sentinel
  @Test
  void sentinel_refusedBeforeStart_readyOnceTheChildEnded() throws Exception {
    SharedEvent event = SharedEvent.create();
    ChildProcess p = track(builder(new AwaitEvent(event)).build());
    assertThatThrownBy(p::sentinel).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");

    p.start();
    Sentinel sentinel = p.sentinel();
    assertThat(Connection.waitAny(List.of(sentinel), Duration.ZERO)).isEmpty();
    event.set();
    assertThat(p.join(LONG)).isTrue();
    assertThat(Connection.waitAny(List.of(sentinel), Duration.ofSeconds(1))).containsExactly(sentinel);
  }

  /** Python's {@code _test_close}: waits for an item, then exits with {@code status}. */
  record TakeThenExit(ProcessQueue queue, int status) implements Body {
    @Override
    public void body() throws Exception {
      queue.get(LONG);
      if (status != 0) {
        System.exit(status);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_close
  @Test
  void close_refusedWhileAlive_thenEveryQuestionRefused() throws Exception {
    ProcessQueue queue = queue();
    ChildProcess p = builder(new TakeThenExit(queue, 0)).daemon(true).build();
    p.start();
    assertThat(p.isAlive()).isTrue();
    assertThatThrownBy(p::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("still running");

    queue.put(null);
    assertThat(p.join(LONG)).isTrue();
    assertThat(p.isAlive()).isFalse();
    assertThat(p.exitCode()).hasValue(0);
    p.close();

    assertThatThrownBy(p::isAlive).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(p::join).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(p::terminate).isInstanceOf(IllegalStateException.class);
    p.close();

    WeakReference<ChildProcess> reference = new WeakReference<>(p);
    p = null;
    awaitCollected(reference);
  }

  private static void awaitCollected(WeakReference<?> reference) {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (reference.get() != null && System.nanoTime() < deadline) {
      System.gc(); // asks for the collection the check waits for; the spin is bounded
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
    assertThat(reference.get()).as("collected").isNull();
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_many_processes
  @Test
  void manyChildren_endNormally_andManyTerminated() throws Exception {
    int n = 5;
    List<ChildProcess> quick = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      quick.add(track(builder(new Nothing()).build()));
    }
    quick.forEach(ChildProcess::start);
    for (ChildProcess p : quick) {
      assertThat(p.join(LONG)).isTrue();
      assertThat(p.exitCode()).hasValue(0);
    }

    List<ChildProcess> staying = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      staying.add(track(builder(new SetAndStay(SharedEvent.create())).build()));
    }
    staying.forEach(ChildProcess::start);
    staying.forEach(ChildProcess::terminate);
    for (ChildProcess p : staying) {
      assertThat(p.join(LONG)).isTrue();
      assertThat(p.exitCode()).hasValue(-15);
    }
  }

  /** Python's {@code DummyCallable}: a target object that puts 5. */
  record PutFive(ProcessQueue queue) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(5);
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_lose_target_ref
  @Test
  void targetObject_isNotKeptByTheProcess() throws Exception {
    ProcessQueue queue = queue();
    PutFive target = new PutFive(queue);
    WeakReference<PutFive> reference = new WeakReference<>(target);
    ChildProcess p = track(builder(target).build());
    target = null;

    p.start();
    assertThat(p.join(LONG)).isTrue();

    awaitCollected(reference);
    assertThat(queue.get(LONG)).isEqualTo(5);
  }

  /** Puts how many file descriptors it has open, then waits for the event. */
  record PutFdCount(ProcessQueue queue, SharedEvent done) implements Body {
    @Override
    public void body() throws Exception {
      var os = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      queue.put(os.getOpenFileDescriptorCount());
      done.await(LONG);
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_child_fd_inflation
  @Test
  void childrenOpenTheSameNumberOfDescriptors_howeverManyRun() throws Exception {
    ProcessQueue queue = queue();
    SharedEvent done = SharedEvent.create();
    try {
      for (int i = 0; i < 5; i++) {
        children.start(new PutFdCount(queue, done));
      }
      Set<Object> counts = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        counts.add(queue.get(LONG));
      }
      assertThat(counts).as("descriptors per child").hasSize(1);
    } finally {
      done.set();
    }
  }

  /** Python's {@code _test_wait_for_threads}: a non-daemon thread sets the event soon, a daemon one clears it late. */
  record ThreadsLeftBehind(SharedEvent event, SharedEvent never) implements Body {
    @Override
    public void body() {
      Thread nonDaemon = new Thread(() -> {
        try {
          never.await(Duration.ofMillis(500));
          event.set();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      nonDaemon.start();
      Thread daemon = new Thread(() -> {
        try {
          never.await(Duration.ofSeconds(20));
          event.clear();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      daemon.setDaemon(true);
      daemon.start();
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_wait_for_threads
  @Test
  void child_doesNotWaitForItsTasksNonDaemonThreads_onPurpose() throws Exception {
    SharedEvent event = SharedEvent.create();
    ChildProcess p = track(builder(new ThreadsLeftBehind(event, SharedEvent.create())).build());
    p.start();
    assertThat(p.join(LONG)).isTrue();

    // Python's child waits for its non-daemon threads before it exits; a child here ends when its target returns,
    // as the README says, so that a thread the task forgot cannot keep it alive.
    assertThat(p.exitCode()).hasValue(0);
    assertThat(event.isSet()).isFalse();
  }

  /** Sets the event, with the standard streams broken (closed, or null) if asked. */
  record BreakStreamsThenSet(SharedEvent event, String stream, String action) implements Body {
    @Override
    public void body() {
      PrintStream broken = "close".equals(action) ? closed() : null;
      if (stream.equals("stdout")) {
        System.setOut(broken);
      } else if (stream.equals("stderr")) {
        System.setErr(broken);
      }
      event.set();
    }
  }

  private static PrintStream closed() {
    PrintStream stream = new PrintStream(OutputStream.nullOutputStream());
    stream.close();
    return stream;
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_error_on_stdio_flush_1
  @Test
  void brokenOutputStreamHere_childStillRunsAndEndsWithZero() throws Exception {
    for (PrintStream broken : Arrays.asList(closed(), null)) {
      SharedEvent event = SharedEvent.create();
      PrintStream out = System.out;
      System.setOut(broken);
      ChildProcess p;
      try {
        p = track(ChildProcess.builder(new BreakStreamsThenSet(event, "none", "none")).jvmOptions(TestJvm.options())
            .output(broken != null ? broken : closed()).build());
        p.start();
        assertThat(p.join(LONG)).isTrue();
      } finally {
        System.setOut(out);
      }
      assertThat(event.isSet()).isTrue();
      assertThat(p.exitCode()).hasValue(0);
    }
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_error_on_stdio_flush_2
  @Test
  void childBreaksItsOwnStandardStreams_stillEndsWithZero() throws Exception {
    for (String stream : List.of("stdout", "stderr")) {
      for (String action : List.of("close", "remove")) {
        SharedEvent event = SharedEvent.create();
        ChildProcess p = track(builder(new BreakStreamsThenSet(event, stream, action)).build());
        p.start();
        assertThat(p.join(LONG)).isTrue();
        assertThat(event.isSet()).as(stream + " " + action).isTrue();
        assertThat(p.exitCode()).as(stream + " " + action).hasValue(0);
      }
    }
  }

  private static Runnable killTheSpare(JvmCommand command, boolean force) {
    return () -> WarmSpares.take(command).ifPresent(spare -> spare.destroyTree(force));
  }

  private void spareDies_nextStartStillWorks(boolean force) throws Exception {
    ChildProcess.Builder settings = builder(new Nothing()).warmSpare(true);
    ChildProcess.prewarm(settings);
    JvmCommand command = JvmCommand.ofCurrentJvm(TestJvm.options(), List.of(), JvmCommand.Mode.PROCESS);
    assertThat(WarmSpares.awaitReady(command, LONG)).isTrue();

    killTheSpare(command, force).run();

    SharedEvent event = SharedEvent.create();
    ChildProcess p = track(builder(new BreakStreamsThenSet(event, "none", "none")).warmSpare(true).build());
    p.start();
    assertThat(p.join(LONG)).isTrue();
    assertThat(event.isSet()).isTrue();
    assertThat(p.exitCode()).hasValue(0);
    WarmSpares.discardAll();
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_forkserver_sigint
  @Test
  void warmSpareTerminated_nextStartStillWorks() throws Exception {
    spareDies_nextStartStillWorks(false);
  }

  // CPython: _test_multiprocessing.py _TestProcess.test_forkserver_sigkill
  @Test
  void warmSpareKilled_nextStartStillWorks() throws Exception {
    spareDies_nextStartStillWorks(true);
  }

  /** Python's {@code _UpperCaser}: a target object that carries its end of a pipe and answers in upper case. */
  record UpperCaser(Connection end) implements SerializableRunnable {
    @Override
    public void run() {
      try (end) {
        for (Object s = end.recv(); s != null; s = end.recv()) {
          end.send(((String) s).toUpperCase(java.util.Locale.ROOT));
        }
      } catch (IOException | ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestSubclassingProcess.test_subclassing
  @Test
  void targetObjectWithItsOwnPipe_servesRequests() throws Exception {
    Pipe pipe = Pipe.open();
    ChildProcess uppercaser = track(builder(new UpperCaser(pipe.right())).daemon(true).build());
    uppercaser.start();
    try (Connection mine = pipe.left()) {
      mine.send("hello");
      assertThat(mine.recv()).isEqualTo("HELLO");
      mine.send("world");
      assertThat(mine.recv()).isEqualTo("WORLD");
      mine.send(null);
    }
    pipe.right().close();
    assertThat(uppercaser.join(LONG)).isTrue();
  }

  /** Sends its stderr to a file and fails: Python's {@code _test_stderr_flush}. */
  record FailWithStderrInFile(String file) implements Body {
    @Override
    public void body() throws Exception {
      System.setErr(new PrintStream(Files.newOutputStream(Path.of(file)), false, StandardCharsets.UTF_8));
      int zero = 0;
      System.err.println(1 / zero); // MARKER
    }
  }

  // CPython: _test_multiprocessing.py _TestSubclassingProcess.test_stderr_flush
  @Test
  void failingChild_writesTheWholeTraceToItsStderr_flushedAtExit() throws Exception {
    Path file = dir.resolve("stderr.txt");
    ChildProcess p = track(builder(new FailWithStderrInFile(file.toString())).build());
    p.start();
    assertThat(p.join(LONG)).isTrue();

    String err = Files.readString(file);
    assertThat(err).contains("ArithmeticException").contains("/ by zero").contains("ChildProcessConformanceTest");
    assertThat(p.exitCode()).hasValue(1);
  }

  /** Exits with {@code status}. */
  record Exit(int status) implements SerializableRunnable {
    @Override
    public void run() {
      System.exit(status);
    }
  }

  // CPython: _test_multiprocessing.py _TestSubclassingProcess.test_sys_exit
  @Test
  void systemExit_statusIsTheExitCode() throws Exception {
    for (int status : new int[] {1, 0, 8}) {
      ChildProcess p = track(builder(new Exit(status)).daemon(true).build());
      p.start();
      assertThat(p.join(LONG)).isTrue();
      assertThat(p.exitCode()).hasValue(status);
    }
  }

  /** Registers a shutdown hook that writes a file. */
  record WriteAtExit(String file) implements SerializableRunnable {
    @Override
    public void run() {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          Files.writeString(Path.of(file), "deadbeef");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
  }

  // CPython: _test_multiprocessing.py _TestAtExit.test_atexit
  @Test
  void childsShutdownHooks_runAtItsExit() throws Exception {
    Path output = dir.resolve("output.txt");
    children.run(new WriteAtExit(output.toString()));
    assertThat(Files.readString(output)).isEqualTo("deadbeef");
  }

  /** Python's {@code _test_process}: a child that starts a child that takes from a queue it made. */
  record QueueInProcess() implements Body {
    @Override
    public void body() throws Exception {
      ProcessQueue queue = ProcessQueue.create();
      ChildProcess sub = ChildProcess.builder(new TryTake(queue)).daemon(true).build();
      sub.start();
      if (!sub.join(LONG) || sub.exitCode().orElse(-1) != 0) {
        throw new IllegalStateException("the grandchild failed: " + sub);
      }
    }
  }

  /** Takes an item if there is one. */
  record TryTake(ProcessQueue queue) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        queue.getNowait();
      } catch (ProcessQueue.Empty e) {
        // as Python's _this_sub_process: nothing there is fine
      }
    }
  }

  // CPython: _test_multiprocessing.py TestStdinBadfiledescriptor.test_queue_in_process
  @Test
  void queueMadeInAChild_worksThere() throws Exception {
    children.run(new QueueInProcess());
  }

  /** Python's {@code pool_in_process}: a pool of four in a child maps seven squares. */
  record PoolInProcess() implements Body {
    @Override
    public void body() throws Exception {
      try (ProcessPool pool = ProcessPool.builder().maxWorkers(4).build()) {
        List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6, 7));
        if (!squares.equals(List.of(1, 4, 9, 16, 25, 36, 49))) {
          throw new IllegalStateException("squares " + squares);
        }
      }
    }
  }

  // CPython: _test_multiprocessing.py TestStdinBadfiledescriptor.test_pool_in_process
  @Test
  void poolMadeInAChild_worksThere() throws Exception {
    children.run(new PoolInProcess());
  }

  /** Puts its class path. */
  record PutClassPath(ProcessQueue queue) implements Body {
    @Override
    public void body() throws Exception {
      queue.put(System.getProperty("java.class.path"));
    }
  }

  // CPython: _test_multiprocessing.py _TestSpawnedSysPath.test_child_sys_path (3.14)
  @Test
  void child_hasThisJvmsClassPath() throws Exception {
    ProcessQueue queue = queue();
    children.run(new PutClassPath(queue));
    assertThat(queue.get(LONG)).isEqualTo(System.getProperty("java.class.path"));
  }
}
