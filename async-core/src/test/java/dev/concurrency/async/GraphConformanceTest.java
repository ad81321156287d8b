package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of CPython 3.14's {@code test_graph.py} ({@code CallStackTestBase}, which upstream runs twice, against the C
 * and the pure-Python futures; Java has one implementation).
 *
 * <p>{@link #captureTestStack} is the port of the upstream helper: it prints the graph (keeping the text) and
 * captures it, then walks it into nested lists, {@code [label, frames, awaitedBy]}: the label is {@code T<name>} for
 * a task with a given name, {@code T<anon>} for a {@code Task-N}, {@code F} for a plain future; the frames are the
 * functions' names, innermost first; the awaiters are sorted by label. Upstream marks each frame {@code s} (plain
 * function) or {@code a} (coroutine); Java frames are all plain methods, so the names stand alone. Where upstream
 * passes a coroutine object such as {@code c1(task)}, the port passes what a factory method {@code c1(task)} returns,
 * a lambda written in {@code c1}, whose frame the graph names {@code c1} as Python names the coroutine's frame.
 *
 * <p>The frames a Java task shows for the library calls it waits in differ from Python's by name only: a task group's
 * parent waits in {@code TaskGroup.exit}, {@code TaskGroup.run} and {@code AsyncIO.taskGroup} where Python shows
 * {@code TaskGroup._aexit} and {@code __aexit__}; {@code waitUntil} shows {@code Waiting.waitUntil} and {@code
 * AsyncIO.waitUntil} where Python shows {@code _wait} and {@code wait}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GraphConformanceTest {

  private static final List<String> TASK_GROUP_EXIT = List.of("exit", "run", "taskGroup");

  /**
   * Runs {@code test} as a task named {@code Task-N} on a fresh loop, as upstream's {@code IsolatedAsyncioTestCase}
   * runs each test coroutine ({@link AsyncIO#run} would name the task {@code main}).
   */
  static void runTest(AsyncRunnable test) {
    EventLoop loop = EventLoop.create();
    try {
      loop.runUntilComplete(loop.createTask(test));
    } finally {
      loop.close();
    }
  }

  /** What {@link #captureTestStack} returns: the walked graph and the printed one. */
  record Captured(List<Object> graph, String printed) {}

  static Captured captureTestStack(@Nullable AsyncFuture<?> future, int depth) {
    String printed = CallGraphs.formatCallGraph(future, depth + 1, null);
    FutureCallGraph graph = CallGraphs.captureCallGraph(future, depth, null);
    assertThat(graph).as("the graph").isNotNull();
    return new Captured(walk(graph), printed);
  }

  static List<Object> walk(FutureCallGraph graph) {
    String label = "F";
    if (graph.future() instanceof AsyncTask<?> task) {
      label = task.getName().contains("-") ? "T<anon>" : "T<" + task.getName() + ">";
    }
    List<String> frames = graph.callStack().stream().map(FrameCallGraphEntry::functionName).toList();
    List<List<Object>> awaiters = new ArrayList<>();
    for (FutureCallGraph awaiter : graph.awaitedBy()) {
      awaiters.add(walk(awaiter));
    }
    awaiters.sort(Comparator.comparing(entry -> (String) entry.get(0)));
    return List.of(label, frames, awaiters);
  }

  static List<Object> node(String label, List<String> frames, List<?> awaitedBy) {
    return List.of(label, frames, awaitedBy);
  }

  static List<String> frames(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }

  // ---------------------------------------------------------------- test_stack_tgroup

  private @Nullable Captured stackForC5;

  // CPython: test_graph.py CallStackTestBase.test_stack_tgroup
  @Test
  void stackTgroup() {
    runTest(this::testStackTgroup);

    List<Object> mainTask = node("T<anon>", frames(TASK_GROUP_EXIT, "main", "testStackTgroup"), List.of());
    assertThat(stackForC5).isNotNull();
    assertThat(stackForC5.graph())
        .isEqualTo(
            node(
                "T<c2_root>",
                List.of("c5", "c4", "c3", "c2"),
                List.of(
                    mainTask,
                    node("T<sub_main_1>", List.of("c1"), List.of(mainTask)),
                    node("T<sub_main_2>", List.of("c1"), List.of(mainTask)))));
    assertThat(stackForC5.printed()).contains(", in GraphConformanceTest.testStackTgroup()");
  }

  private void testStackTgroup() {
    main();
  }

  private void main() {
    taskGroup(
        tg -> {
          AsyncTask<Void> task = tg.createTask(this::c2, "c2_root");
          tg.createTask(c1(task), "sub_main_1");
          tg.createTask(c1(task), "sub_main_2");
        });
  }

  private void c5() {
    stackForC5 = captureTestStack(null, 2);
  }

  private void c4() {
    sleep(Duration.ZERO);
    c5();
  }

  private void c3() {
    c4();
  }

  private void c2() {
    c3();
  }

  private static AsyncRunnable c1(AsyncTask<?> task) {
    return () -> task.await();
  }

  // ---------------------------------------------------------------- test_stack_async_gen

  private @Nullable Captured stackForGenNestedCall;

  // CPython: test_graph.py CallStackTestBase.test_stack_async_gen
  // Java has no async generators; the analogue is an iterator whose next() awaits: its frame sits between the
  // call it makes and the loop that drives it, where Python shows the async generator's frame.
  @Test
  void stackAsyncGen() {
    runTest(this::testStackAsyncGen);

    assertThat(stackForGenNestedCall).isNotNull();
    assertThat(stackForGenNestedCall.graph())
        .isEqualTo(
            node(
                "T<anon>",
                List.of("captureTestStack", "genNestedCall", "next", "mainOfGen", "testStackAsyncGen"),
                List.of()));
    assertThat(stackForGenNestedCall.printed()).contains(", in GraphConformanceTest.Gen.next()");
  }

  private void testStackAsyncGen() {
    mainOfGen();
  }

  private void mainOfGen() {
    for (Iterator<Integer> it = new Gen(); it.hasNext(); ) {
      it.next();
    }
  }

  private void genNestedCall() {
    stackForGenNestedCall = captureTestStack(null, 1);
  }

  /** {@code async def gen(): for num in range(2): yield num; if num == 1: await gen_nested_call()}. */
  private final class Gen implements Iterator<Integer> {
    private int num;

    @Override
    public boolean hasNext() {
      return num < 2;
    }

    @Override
    public Integer next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int value = num++;
      if (value == 1) {
        sleep(Duration.ZERO);
        genNestedCall();
      }
      return value;
    }
  }

  // ---------------------------------------------------------------- test_stack_gather

  private @Nullable Captured stackForDeep;

  // CPython: test_graph.py CallStackTestBase.test_stack_gather
  @Test
  void stackGather() {
    runTest(this::testStackGather);

    assertThat(stackForDeep).isNotNull();
    assertThat(stackForDeep.graph())
        .isEqualTo(
            node(
                "T<anon>",
                List.of("captureTestStack", "deep", "c1OfGather"),
                List.of(node("T<anon>", List.of("mainOfGather", "testStackGather"), List.of()))));
  }

  private void testStackGather() {
    mainOfGather();
  }

  private void mainOfGather() {
    gather(this::c1OfGather, this::c2OfGather).await();
  }

  private void deep() {
    sleep(Duration.ZERO);
    stackForDeep = captureTestStack(null, 1);
  }

  private void c1OfGather() {
    sleep(Duration.ZERO);
    deep();
  }

  private void c2OfGather() {
    sleep(Duration.ZERO);
  }

  // ---------------------------------------------------------------- test_stack_shield

  private @Nullable Captured stackForShield;

  // CPython: test_graph.py CallStackTestBase.test_stack_shield
  @Test
  void stackShield() {
    runTest(this::testStackShield);

    assertThat(stackForShield).isNotNull();
    assertThat(stackForShield.graph())
        .isEqualTo(
            node(
                "T<anon>",
                List.of("captureTestStack", "deepOfShield", "c1OfShield"),
                List.of(node("T<anon>", List.of("mainOfShield", "testStackShield"), List.of()))));
  }

  private void testStackShield() {
    mainOfShield();
  }

  private void mainOfShield() {
    shield(createTask(this::c1OfShield)).await();
  }

  private void deepOfShield() {
    sleep(Duration.ZERO);
    stackForShield = captureTestStack(null, 1);
  }

  private void c1OfShield() {
    sleep(Duration.ZERO);
    deepOfShield();
  }

  // ---------------------------------------------------------------- test_stack_timeout

  private @Nullable Captured stackForInner;

  // CPython: test_graph.py CallStackTestBase.test_stack_timeout
  @Test
  void stackTimeout() {
    runTest(this::testStackTimeout);

    assertThat(stackForInner).isNotNull();
    assertThat(stackForInner.graph())
        .isEqualTo(
            node(
                "T<anon>",
                List.of("captureTestStack", "inner", "c1WithTimeout"),
                List.of(node("T<anon>", List.of("mainOfTimeout", "testStackTimeout"), List.of()))));
  }

  private void testStackTimeout() {
    mainOfTimeout();
  }

  private void mainOfTimeout() {
    shield(createTask(this::c1WithTimeout)).await();
  }

  private void inner() {
    sleep(Duration.ZERO);
    stackForInner = captureTestStack(null, 1);
  }

  private void c1WithTimeout() {
    timeout(
        Duration.ofSeconds(1),
        () -> {
          sleep(Duration.ZERO);
          inner();
          return null;
        });
  }

  // ---------------------------------------------------------------- test_stack_wait

  // CPython: test_graph.py CallStackTestBase.test_stack_wait
  @Test
  void stackWait() {
    runTest(this::testStackWait);

    assertThat(stackForInner).isNotNull();
    assertThat(stackForInner.graph())
        .isEqualTo(
            node(
                "T<anon>",
                List.of("captureTestStack", "inner", "c1WithTimeout"),
                List.of(
                    node("T<anon>", List.of("waitUntil", "waitUntil", "mainOfWait", "testStackWait"), List.of()))));
  }

  private void testStackWait() {
    AsyncTask<Void> t1 = createTask(this::c1WithTimeout);
    AsyncTask<Void> t2 = createTask(this::c2OfWait);
    try {
      mainOfWait(t1, t2);
    } finally {
      t1.await();
      t2.await();
    }
  }

  private void c2OfWait() {
    for (int i = 0; i < 3; i++) {
      sleep(Duration.ZERO);
    }
  }

  private void mainOfWait(AsyncTask<Void> t1, AsyncTask<Void> t2) {
    while (true) {
      DoneAndPending<Void> result = waitUntil(List.of(t1, t2), ReturnWhen.ALL_COMPLETED, null);
      if (result.pending().isEmpty()) {
        break;
      }
    }
  }

  // ---------------------------------------------------------------- test_stack_task

  // CPython: test_graph.py CallStackTestBase.test_stack_task
  @Test
  void stackTask() {
    runTest(this::testStackTask);

    assertThat(stackForInner).isNotNull();
    assertThat(stackForInner.graph())
        .isEqualTo(
            node(
                "T<there there>",
                List.of("captureTestStack", "inner", "c1OfTask"),
                List.of(node("T<anon>", List.of("c2OfTask", "mainOfTask", "testStackTask"), List.of()))));
  }

  private void testStackTask() {
    mainOfTask();
  }

  private void mainOfTask() {
    c2OfTask();
  }

  private void c2OfTask() {
    createTask(this::c1OfTask, "there there").await();
  }

  private void c1OfTask() {
    inner();
  }

  // ---------------------------------------------------------------- test_stack_future

  private @Nullable Captured stackForFut;

  // CPython: test_graph.py CallStackTestBase.test_stack_future
  @Test
  void stackFuture() {
    runTest(this::testStackFuture);

    List<Object> mainTask = node("T<anon>", List.of("testStackFuture"), List.of());
    assertThat(stackForFut).isNotNull();
    assertThat(stackForFut.graph())
        .isEqualTo(
            node(
                "F",
                List.of(),
                List.of(
                    node("T<task A>", List.of("a2", "a1"), List.of(mainTask)),
                    node("T<task B>", List.of("b1"), List.of(mainTask)))));
    assertThat(stackForFut.printed()).startsWith("* Future(id=");
  }

  private void testStackFuture() {
    AsyncFuture<@Nullable Void> fut = getRunningLoop().createFuture();
    taskGroup(
        g -> {
          g.createTask(a1(fut), "task A");
          g.createTask(b1(fut), "task B");
          for (int i = 0; i < 5; i++) {
            // a few iterations, so that both a1 and b1 await the future
            sleep(Duration.ZERO);
          }
          stackForFut = captureTestStack(fut, 1);
          fut.setResult(null);
        });
  }

  private static void a2(AsyncFuture<?> fut) {
    fut.await();
  }

  private static AsyncRunnable a1(AsyncFuture<?> fut) {
    return () -> a2(fut);
  }

  private static AsyncRunnable b1(AsyncFuture<?> fut) {
    return () -> fut.await();
  }
}
