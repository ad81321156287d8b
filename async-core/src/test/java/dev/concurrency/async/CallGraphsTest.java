package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The await graph beyond the ports of {@code test_graph.py}: arguments, limits, states, edges, cycles, format. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class CallGraphsTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private <T> T runOn(boolean debug, Coroutine<T> main) {
    EventLoop loop = EventLoop.builder().clock(clock).debug(debug).build();
    try {
      return loop.runUntilComplete(loop.createTask(main));
    } finally {
      loop.close();
    }
  }

  private static List<String> names(FutureCallGraph graph) {
    return graph.callStack().stream().map(FrameCallGraphEntry::functionName).toList();
  }

  // ---------------------------------------------------------------- arguments

  @Test
  void captureCallGraph_withoutLoopOrFuture_saysWhatIsMissing() {
    assertThatThrownBy(CallGraphs::captureCallGraph)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside of a running event loop")
        .hasMessageContaining("no future");
  }

  @Test
  void captureCallGraph_depthBelowOne_isRefused() {
    assertThatThrownBy(() -> CallGraphs.captureCallGraph(null, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth must be at least 1");
  }

  @Test
  void captureCallGraph_fromCallback_isNullAndFormatsAsEmpty() {
    List<Object> seen = new ArrayList<>();
    runOn(
        false,
        () -> {
          AsyncFuture<@Nullable Void> done = getRunningLoop().createFuture();
          getRunningLoop()
              .callSoon(
                  () -> {
                    seen.add(String.valueOf(CallGraphs.captureCallGraph()));
                    seen.add(CallGraphs.formatCallGraph(null));
                    done.setResult(null);
                  });
          return done.await();
        });
    assertThat(seen).containsExactly("null", "");
  }

  @Test
  void captureCallGraph_ofFuture_whileLoopIsStopped_isItsGraph() {
    EventLoop loop = EventLoop.create();
    try {
      AsyncFuture<String> future = loop.createFuture();
      FutureCallGraph graph = CallGraphs.captureCallGraph(future);

      assertThat(graph).isNotNull();
      assertThat(graph.future()).isSameAs(future);
      assertThat(graph.callStack()).isEmpty();
      assertThat(graph.awaitedBy()).isEmpty();
      assertThat(graph.state()).isEqualTo(FutureCallGraph.State.PENDING);
    } finally {
      loop.close();
    }
  }

  @Test
  void captureCallGraph_fromForeignThreadWhileLoopRuns_isRefused() throws Exception {
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    runOn(
        false,
        () -> {
          AsyncFuture<@Nullable Void> future = getRunningLoop().createFuture();
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      CallGraphs.captureCallGraph(future);
                      refused.complete(null);
                    } catch (RuntimeException e) {
                      refused.complete(e);
                    }
                  });
          return ThreadBridge.toThread(() -> refused.get(10, TimeUnit.SECONDS));
        });
    assertThat(refused.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callSoonThreadsafe");
  }

  // ---------------------------------------------------------------- frames and limits

  @Test
  void callStack_ofCurrentTask_startsAtCaller_andLimitKeepsOutermostOrInnermost() {
    List<List<String>> stacks =
        runOn(
            false,
            () -> {
              List<List<String>> all = new ArrayList<>();
              outer(all);
              return all;
            });

    String body = "callStack_ofCurrentTask_startsAtCaller_andLimitKeepsOutermostOrInnermost"; // the task's lambda
    assertThat(stacks.get(0)).containsExactly("innermost", "middle", "outer", body);
    assertThat(stacks.get(1)).as("limit 2 keeps the two outermost").containsExactly("outer", body);
    assertThat(stacks.get(2)).as("limit -1 keeps the innermost").containsExactly("innermost");
    assertThat(stacks.get(3)).as("limit 0 keeps none").isEmpty();
    assertThat(stacks.get(4)).as("depth 2 starts at the caller's caller").containsExactly("middle", "outer", body);
    assertThat(stacks.get(5)).as("a limit beyond the stack keeps all").containsExactly("innermost", "middle", "outer", body);
  }

  private static void outer(List<List<String>> all) {
    middle(all);
  }

  private static void middle(List<List<String>> all) {
    innermost(all);
  }

  private static void innermost(List<List<String>> all) {
    for (Integer limit : new Integer[] {null, 2, -1, 0}) {
      all.add(names(CallGraphs.captureCallGraph(null, 1, limit)));
    }
    all.add(names(CallGraphs.captureCallGraph(null, 2, null)));
    all.add(names(CallGraphs.captureCallGraph(null, 1, 10)));
  }

  @Test
  void limit_appliesToEveryCallStackInTheGraph() {
    FutureCallGraph graph =
        runOn(
            false,
            () -> {
              AsyncTask<Void> child = createTask(() -> sleep(Duration.ofSeconds(1)));
              AsyncTask<FutureCallGraph> prober =
                  createTask(
                      () -> {
                        sleep(Duration.ZERO);
                        return CallGraphs.captureCallGraph(child, 1, 0);
                      });
              awaitChild(child);
              return prober.await();
            });

    assertThat(graph.callStack()).isEmpty();
    assertThat(graph.awaitedBy()).hasSize(1);
    assertThat(graph.awaitedBy().get(0).callStack()).isEmpty();
  }

  private static void awaitChild(AsyncTask<?> child) {
    child.await();
  }

  @Test
  void callStack_ofTaskInSleep_showsSleepAboveTheCaller() {
    FutureCallGraph graph =
        runOn(
            false,
            () -> {
              AsyncTask<Void> sleeper = createTask(CallGraphsTest::napper);
              sleep(Duration.ZERO);
              return CallGraphs.captureCallGraph(sleeper);
            });

    assertThat(names(graph)).containsExactly("sleep", "sleep", "napper");
    assertThat(graph.callStack().get(0).qualifiedName()).isEqualTo("AsyncIO.sleep");
    assertThat(graph.state()).isEqualTo(FutureCallGraph.State.WAITING);
  }

  private static void napper() {
    sleep(Duration.ofSeconds(5));
  }

  @Test
  void callStack_dropsJdkFramesBetweenUserFrames() {
    FutureCallGraph graph =
        runOn(
            false,
            () -> {
              AsyncTask<Void> walker = createTask(CallGraphsTest::walksAList);
              sleep(Duration.ZERO);
              return CallGraphs.captureCallGraph(walker);
            });

    assertThat(names(graph)).containsExactly("sleep", "sleep", "walksAList");
    assertThat(graph.callStack()).allSatisfy(e -> assertThat(e.frame().getClassName()).doesNotStartWith("java."));
  }

  private static void walksAList() {
    List.of(1).forEach(i -> sleep(Duration.ofSeconds(1)));
  }

  @Test
  void callStack_ofTaskNotStarted_isEmptyAndStatePending() {
    FutureCallGraph graph =
        runOn(
            false,
            () -> {
              AsyncTask<Void> idle = createTask(() -> {});
              FutureCallGraph g = CallGraphs.captureCallGraph(idle);
              idle.await();
              return g;
            });

    assertThat(graph.callStack()).isEmpty();
    assertThat(graph.state()).isEqualTo(FutureCallGraph.State.PENDING);
  }

  @Test
  void callStack_ofSuspendedTask_fromCallbackOnItsThread_isTheTasksOwn() {
    FutureCallGraph graph =
        runOn(
            false,
            () -> {
              AsyncTask<?> me = currentTask();
              AsyncFuture<FutureCallGraph> seen = getRunningLoop().createFuture();
              // runs right after this task suspends, on whichever thread holds the loop: often this task's own
              getRunningLoop().callSoon(() -> seen.setResult(CallGraphs.captureCallGraph(me)));
              waitsHere(seen);
              return seen.result();
            });

    assertThat(names(graph))
        .containsExactly("waitsHere", "callStack_ofSuspendedTask_fromCallbackOnItsThread_isTheTasksOwn");
  }

  private static void waitsHere(AsyncFuture<?> future) {
    future.await();
  }

  @Test
  void frameEntry_namesLambdasAfterTheirMethod_andNestedClassesWithDots() {
    FrameCallGraphEntry lambda =
        new FrameCallGraphEntry(new StackTraceElement("a.b.Outer$Inner", "lambda$play$3", "Outer.java", 12));
    FrameCallGraphEntry plain = new FrameCallGraphEntry(new StackTraceElement("Top", "main", null, -1));

    assertThat(lambda.functionName()).isEqualTo("play");
    assertThat(lambda.qualifiedName()).isEqualTo("Outer.Inner.play");
    assertThat(lambda.isLambda()).isTrue();
    assertThat(plain.functionName()).isEqualTo("main");
    assertThat(plain.qualifiedName()).isEqualTo("Top.main");
    assertThat(plain.isLambda()).isFalse();
    assertThatThrownBy(() -> new FrameCallGraphEntry(null)).isInstanceOf(NullPointerException.class);
  }

  // ---------------------------------------------------------------- states and edges

  @Test
  void state_followsTheTaskThroughItsLife() {
    List<FutureCallGraph.State> states =
        runOn(
            false,
            () -> {
              List<FutureCallGraph.State> seen = new ArrayList<>();
              AsyncFuture<String> gate = getRunningLoop().createFuture();
              AsyncTask<String> task = createTask(gate::await);
              seen.add(stateOf(task)); // not started
              sleep(Duration.ZERO);
              seen.add(stateOf(task)); // waiting on the gate
              gate.setResult("open");
              seen.add(stateOf(task)); // ready: the gate is done, it has not resumed
              task.await();
              seen.add(stateOf(task));
              seen.add(stateOf(currentTask()));
              AsyncTask<Void> failing =
                  createTask(
                      (AsyncRunnable)
                          () -> {
                            throw new IllegalStateException("boom");
                          });
              AsyncTask<Void> cancelled = createTask(() -> sleep(Duration.ofSeconds(1)));
              cancelled.cancel();
              sleep(Duration.ZERO);
              seen.add(stateOf(failing));
              seen.add(stateOf(cancelled));
              failing.exception();
              return seen;
            });

    assertThat(states)
        .containsExactly(
            FutureCallGraph.State.PENDING,
            FutureCallGraph.State.WAITING,
            FutureCallGraph.State.READY,
            FutureCallGraph.State.FINISHED,
            FutureCallGraph.State.RUNNING,
            FutureCallGraph.State.FAILED,
            FutureCallGraph.State.CANCELLED);
  }

  private static FutureCallGraph.State stateOf(AsyncFuture<?> future) {
    FutureCallGraph graph = CallGraphs.captureCallGraph(future);
    assertThat(graph).isNotNull();
    return graph.state();
  }

  @Test
  void edges_ofGatherShieldWaitAndTaskGroup_areGoneOnceDone() {
    List<Integer> counts =
        runOn(
            false,
            () -> {
              AsyncTask<Void> a = createTask(() -> sleep(Duration.ofMillis(10)));
              AsyncTask<Void> b = createTask(() -> sleep(Duration.ofMillis(10)));
              AsyncTask<Void> c = createTask(() -> sleep(Duration.ofMillis(10)));
              gather(a).await();
              shield(b).await();
              waitUntil(List.of(c), ReturnWhen.ALL_COMPLETED, null);
              List<AsyncTask<?>> children = new ArrayList<>();
              taskGroup(tg -> children.add(tg.createTask(() -> sleep(Duration.ofMillis(10)))));
              List<Integer> n = new ArrayList<>();
              for (AsyncFuture<?> f : List.of(a, b, c, children.get(0))) {
                n.add(AwaitGraph.awaitedBy(f).size());
              }
              return n;
            });

    assertThat(counts).containsExactly(0, 0, 0, 0);
  }

  @Test
  void futureAddToAwaitedBy_isASet_andDiscardWithdrawsIt() {
    List<Integer> sizes =
        runOn(
            false,
            () -> {
              EventLoop loop = getRunningLoop();
              AsyncFuture<String> future = loop.createFuture();
              AsyncFuture<String> w1 = loop.createFuture();
              AsyncFuture<String> w2 = loop.createFuture();
              List<Integer> n = new ArrayList<>();
              CallGraphs.futureAddToAwaitedBy(future, w1);
              CallGraphs.futureAddToAwaitedBy(future, w1);
              n.add(CallGraphs.captureCallGraph(future).awaitedBy().size());
              CallGraphs.futureAddToAwaitedBy(future, w2);
              CallGraphs.futureAddToAwaitedBy(future, future); // a future never awaits itself: ignored
              n.add(CallGraphs.captureCallGraph(future).awaitedBy().size());
              CallGraphs.futureDiscardFromAwaitedBy(future, w1);
              CallGraphs.futureDiscardFromAwaitedBy(future, w1);
              n.add(CallGraphs.captureCallGraph(future).awaitedBy().size());
              CallGraphs.futureDiscardFromAwaitedBy(future, w2);
              n.add(CallGraphs.captureCallGraph(future).awaitedBy().size());
              return n;
            });

    assertThat(sizes).containsExactly(1, 2, 1, 0);
  }

  @Test
  void futureAddToAwaitedBy_refusesNulls() {
    EventLoop loop = EventLoop.create();
    try {
      AsyncFuture<String> future = loop.createFuture();
      assertThatThrownBy(() -> CallGraphs.futureAddToAwaitedBy(future, null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> CallGraphs.futureDiscardFromAwaitedBy(null, future))
          .isInstanceOf(NullPointerException.class);
    } finally {
      loop.close();
    }
  }

  // ---------------------------------------------------------------- cycles

  @Test
  void awaitCycle_inDebugMode_isRefusedWithTheCycleNamed() {
    Throwable error =
        runOn(
            true,
            () -> {
              AsyncTask<?>[] tasks = new AsyncTask<?>[2];
              tasks[0] =
                  createTask(
                      () -> {
                        tasks[1].await();
                      },
                      "A");
              tasks[1] =
                  createTask(
                      () -> {
                        sleep(Duration.ZERO); // A awaits B by now
                        return tasks[0].await();
                      },
                      "B");
              gather(List.of(tasks[0], tasks[1]), /* returnExceptions= */ true).await();
              return tasks[1].exception();
            });

    assertThat(error)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("await cycle detected (debug mode): Task 'B' → Task 'A' → Task 'B'");
  }

  @Test
  void awaitCycle_throughTaskGroupParent_inDebugMode_isRefused() {
    Throwable error =
        runOn(
            true,
            () -> {
              AsyncTask<?> parent = currentTask();
              Throwable[] seen = new Throwable[1];
              try {
                taskGroup(
                    tg ->
                        tg.createTask(
                            () -> {
                              parent.await();
                            },
                            "child"));
              } catch (ExceptionGroup group) {
                seen[0] = group.exceptions().get(0);
              }
              return seen[0];
            });

    assertThat(error)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Task 'child' → Task 'Task-1' → Task 'child'");
  }

  @Test
  void awaitCycle_outsideDebugMode_isNotRefused_butTheGraphEndsAndMarksIt() {
    String printed =
        runOn(
            false,
            () -> {
              AsyncFuture<@Nullable Void> gate = getRunningLoop().createFuture();
              AsyncTask<Void> a =
                  createTask(
                      () -> {
                        gate.await();
                      },
                      "A");
              AsyncTask<Void> b =
                  createTask(
                      () -> {
                        sleep(Duration.ZERO);
                        a.await(); // B awaits A, and A is recorded as awaiting B: a cycle
                      },
                      "B");
              CallGraphs.futureAddToAwaitedBy(b, a); // as code waiting for B through a callback would record it
              sleep(Duration.ofSeconds(1));
              String graph = CallGraphs.formatCallGraph(a);
              CallGraphs.futureDiscardFromAwaitedBy(b, a);
              gate.setResult(null);
              b.await();
              return graph;
            });

    List<String> lines = printed.lines().toList();
    assertThat(lines.get(0)).startsWith("* Task(name='A'");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("    * Task(name='B'"));
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).startsWith("        * Task(name='A'").endsWith("(await cycle: this future is shown above)"));
  }

  // ---------------------------------------------------------------- the printed form

  @Test
  void printCallGraph_writesThe314Layout() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    runOn(
        false,
        () -> {
          AsyncTask<Void> child = createTask(() -> printInto(bytes), "child");
          child.await();
          return null;
        });
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");

    assertThat(lines[0]).matches("\\* Task\\(name='child', id=0x[0-9a-f]+, state=running\\)");
    assertThat(lines[1]).isEqualTo("  + Call stack:");
    assertThat(lines[2]).matches("  \\|   File 'CallGraphsTest\\.java', line \\d+, in CallGraphsTest\\.printInto\\(\\)");
    assertThat(lines).contains("  + Awaited by:");
    int awaiter = List.of(lines).indexOf("  + Awaited by:") + 1;
    assertThat(lines[awaiter]).matches("    \\* Task\\(name='Task-1', id=0x[0-9a-f]+, state=waiting\\)");
    assertThat(lines[awaiter + 1]).isEqualTo("      + Call stack:");
  }

  private static void printInto(ByteArrayOutputStream bytes) {
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      CallGraphs.printCallGraph(null, out, 1, null);
    }
  }

  @Test
  void printCallGraph_ofPlainFuture_startsWithFuture() {
    EventLoop loop = EventLoop.create();
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      AsyncFuture<String> future = loop.createFuture();
      future.setResult("x");
      CallGraphs.printCallGraph(future);
    } finally {
      System.setOut(saved);
      loop.close();
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8)).matches("\\* Future\\(id=0x[0-9a-f]+, state=finished\\)\\R");
  }
}
