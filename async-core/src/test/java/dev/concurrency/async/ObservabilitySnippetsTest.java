package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.taskGroup;
import static dev.concurrency.async.CallGraphs.printCallGraph;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the Javadoc of the await graph and the loop's JMX view shows ({@code {@snippet
 * class=dev.concurrency.async.ObservabilitySnippetsTest region=...}}), run, with what it prints checked. The
 * snippets print to {@link System#out}, which each test captures for the moment it runs them.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class ObservabilitySnippetsTest {

  /** Code that may throw, run while {@link System#out} is captured. */
  @FunctionalInterface
  private interface Printing {
    void run() throws Exception;
  }

  /** Runs {@code code} with {@link System#out} captured, and returns what it printed. */
  private static String printedBy(Printing code) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      code.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  // @start region="callGraphs"
  static void play() {
    printCallGraph();                     // from inside a task: this task, and who awaits it
  }
  // @end

  @Test
  void printCallGraph_fromATask_printsItAndTheTaskThatAwaitsIt() throws Exception {
    String printed = printedBy(() -> {
      // @start region="callGraphsRun"
      run(() -> taskGroup(tg -> tg.createTask(ObservabilitySnippetsTest::play, "play")));
      // @end
    });
    String[] lines = printed.split("\n");
    assertThat(lines[0]).matches("\\* Task\\(name='play', id=0x[0-9a-f]+, state=running\\)");
    assertThat(lines[1]).isEqualTo("  + Call stack:");
    assertThat(lines[2]).matches("  \\|   File 'ObservabilitySnippetsTest\\.java', line \\d+, in "
        + "ObservabilitySnippetsTest\\.play\\(\\)");
    assertThat(lines[3]).isEqualTo("  + Awaited by:");
    assertThat(lines[4]).matches("    \\* Task\\(name='main', id=0x[0-9a-f]+, state=waiting\\)");
    assertThat(printed).contains("in TaskGroup.exit()");
  }

  /** On a virtual-time loop: a task {@code child} that sleeps, awaited by a task {@code parent}. */
  private static <T> T withAwaitedChild(java.util.function.Function<AsyncTask<Void>, T> look) {
    return run(EventLoop.builder().clock(VirtualClock.autoAdvancing()), () -> {
      AsyncTask<Void> child = createTask(() -> sleep(Duration.ofHours(1)), "child");
      AsyncTask<Void> parent = createTask(() -> {
        child.await();
      }, "parent");
      sleep(Duration.ofSeconds(1));       // both have started and are suspended
      T seen = look.apply(child);
      parent.cancel();
      child.cancel();
      return seen;
    });
  }

  @Test
  void futureCallGraph_namesTheTasksThatAwaitTheTask_andWhere() throws Exception {
    List<Object> seen = withAwaitedChild(task -> {
      try {
        FutureCallGraph[] taken = new FutureCallGraph[1];
        String printed = printedBy(() -> {
          // @start region="futureCallGraph"
          FutureCallGraph graph = CallGraphs.captureCallGraph(task);
          for (FutureCallGraph awaiter : graph.awaitedBy()) {
            System.out.println(awaiter.future() + " awaits " + task.getName() + " in " + awaiter.callStack());
          }
          // @end
          taken[0] = graph;
        });
        FutureCallGraph awaiter = taken[0].awaitedBy().get(0);
        String expected = awaiter.future() + " awaits child in " + awaiter.callStack() + System.lineSeparator();
        return List.of(printed, taken[0], expected);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    String printed = (String) seen.get(0);
    FutureCallGraph graph = (FutureCallGraph) seen.get(1);
    assertThat(graph.awaitedBy()).hasSize(1);
    FutureCallGraph awaiter = graph.awaitedBy().get(0);
    assertThat(((AsyncTask<?>) awaiter.future()).getName()).isEqualTo("parent");
    assertThat(printed).isEqualTo(seen.get(2)).startsWith("Task 'parent'[pending]");
    assertThat(awaiter.callStack()).isNotEmpty();
  }

  @Test
  void frameCallGraphEntry_printsEachFrameOfTheStack_innermostFirst() throws Exception {
    List<Object> seen = withAwaitedChild(task -> {
      FutureCallGraph graph = CallGraphs.captureCallGraph(task);
      try {
        String printed = printedBy(() -> {
          // @start region="frameCallGraphEntry"
          for (FrameCallGraphEntry entry : graph.callStack()) {
            System.out.println(entry.qualifiedName() + " at line " + entry.frame().getLineNumber());
          }
          // @end
        });
        return List.of(printed, graph);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    String[] lines = ((String) seen.get(0)).split(System.lineSeparator());
    FutureCallGraph graph = (FutureCallGraph) seen.get(1);
    assertThat(lines).hasSize(graph.callStack().size());
    assertThat(lines[0]).matches("AsyncIO\\.sleep at line \\d+");
    assertThat(lines).anyMatch(l -> l.matches("ObservabilitySnippetsTest\\.withAwaitedChild at line \\d+"));
  }

  @Test
  void eventLoopMXBean_listsTheTasksOfEveryRegisteredLoop() throws Exception {
    String savedDelay = System.getProperty(EventLoopMXBean.REGISTRATION_DELAY_PROPERTY);
    System.setProperty(EventLoopMXBean.REGISTRATION_DELAY_PROPERTY, "0");
    EventLoop running = EventLoop.create();
    CountDownLatch looked = new CountDownLatch(1);
    CountDownLatch sleeping = new CountDownLatch(1);
    Thread home = Thread.ofPlatform().name("mxbean-snippet-loop")
        .start(() -> running.runUntilComplete(running.createTask(() -> {
          AsyncTask<Void> sleeper = createTask(() -> {
            sleeping.countDown();           // the snapshot, taken between two steps, sees it in sleep
            sleep(Duration.ofDays(1));
          }, "sleeper");
          ThreadBridge.toThread(() -> looked.await(30, TimeUnit.SECONDS));
          sleeper.cancel();
        })));
    try {
      assertThat(sleeping.await(30, TimeUnit.SECONDS)).as("the sleeper started").isTrue();
      MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!registered(platform, running)) {
        assertThat(System.nanoTime()).as("the loop's bean is registered within 30 s").isLessThan(deadline);
        Thread.onSpinWait();
        Thread.yield();
      }
      String printed = printedBy(() -> {
        // @start region="eventLoopMXBean"
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : server.queryNames(new ObjectName("dev.concurrency.async:type=EventLoop,*"), null)) {
          EventLoopMXBean loop = JMX.newMXBeanProxy(server, name, EventLoopMXBean.class);
          loop.getSnapshot().tasks().forEach(t -> System.out.println(t.name() + " " + t.state() + " " + t.awaiting()));
        }
        // @end
      });
      assertThat(printed.lines()).contains("sleeper WAITING AsyncIO.sleep");
    } finally {
      looked.countDown();
      home.join(TimeUnit.SECONDS.toMillis(30));
      running.close();
      if (savedDelay == null) {
        System.clearProperty(EventLoopMXBean.REGISTRATION_DELAY_PROPERTY);
      } else {
        System.setProperty(EventLoopMXBean.REGISTRATION_DELAY_PROPERTY, savedDelay);
      }
    }
  }

  private static boolean registered(MBeanServer server, EventLoop loop) {
    LoopMonitor monitor = loop.monitor();
    return monitor != null && server.isRegistered(monitor.registration().name());
  }
}
