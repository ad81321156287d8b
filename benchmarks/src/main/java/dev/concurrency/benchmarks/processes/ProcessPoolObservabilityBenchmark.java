package dev.concurrency.benchmarks.processes;

import dev.concurrency.benchmarks.workload.LatencyBenchmark;
import dev.concurrency.benchmarks.workload.RecordedEvents;
import dev.concurrency.processes.ProcessPool;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What watching a process pool costs. Its JFR events: tiny tasks (one item each, a round trip to a worker JVM and
 * back) on a prestarted two-worker pool, with no recording ({@code eventsOff}: each hook checks its event's flag),
 * with a recording that enables none of the pool's events ({@code recordingOfOtherEvents}: what JFR running costs
 * by itself), and with a recording of the pool's four events ({@code eventsOn}: two events per task, a queued one
 * with the submitter's stack). The hooks' own cost is the difference between the last two. Its MXBean: a pool
 * built and closed with registration off ({@code builtAndClosed}, in a fork with {@code -Ddev.concurrency.jmx=false})
 * and the same pool registered before it is closed ({@code registeredAndClosed}, delay 0: the registrar's hop, the
 * registration and the unregistration). The difference is what one pool's bean costs; the platform MBean server's
 * start, once per JVM, falls in the warm-up.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar jmh ProcessPoolObservabilityBenchmark
 * </pre>
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 8, time = 2)
public class ProcessPoolObservabilityBenchmark extends LatencyBenchmark {

  static final int TASKS = 500;
  private static final String REGISTERED = "jmh-registered";

  private final List<Integer> items = IntStream.range(0, TASKS).boxed().toList();
  private ProcessPool pool;

  /** A recording of the process pools' four events, open for the whole trial. */
  @State(Scope.Benchmark)
  public static class Recorded extends RecordedEvents {
    /** Names the pool's events. */
    public Recorded() {
      super(List.of(
          "dev.concurrency.processes.TaskQueued", "dev.concurrency.processes.PoolTask",
          "dev.concurrency.processes.WorkerStarted", "dev.concurrency.processes.WorkerDied"));
    }
  }

  /** A recording of a JDK event the workload never emits: JFR on, the pool's events off. */
  @State(Scope.Benchmark)
  public static class RecordedElsewhere extends RecordedEvents {
    /** Names the one event, {@code jdk.ThreadSleep}: nothing measured sleeps. */
    public RecordedElsewhere() {
      super(List.of("jdk.ThreadSleep"));
    }
  }

  /** Starts the two workers and runs a first map, so that the workers' code is warm. */
  @Setup(Level.Trial)
  public void start() {
    pool = ProcessPool.builder().maxWorkers(2).prestart(true).name("jmh-tiny-tasks").build();
    pool.map(ProcessPoolObservabilityBenchmark::same, items, 1);
  }

  /** Stops the workers. */
  @TearDown(Level.Trial)
  public void stop() {
    pool.close();
  }

  static Integer same(Integer x) {
    return x;
  }

  /** Tiny tasks, no recording. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public List<Integer> eventsOff() {
    return pool.map(ProcessPoolObservabilityBenchmark::same, items, 1);
  }

  /** Tiny tasks, JFR recording something else. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public List<Integer> recordingOfOtherEvents(RecordedElsewhere recorded) {
    return pool.map(ProcessPoolObservabilityBenchmark::same, items, 1);
  }

  /** Tiny tasks, the pool's events recorded. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public List<Integer> eventsOn(Recorded recorded) {
    return pool.map(ProcessPoolObservabilityBenchmark::same, items, 1);
  }

  /** A pool that starts no worker, built and closed with registration off: the baseline. */
  @Benchmark
  @Fork(jvmArgsAppend = "-Ddev.concurrency.jmx=false")
  public boolean builtAndClosed() {
    ProcessPool unregistered = ProcessPool.builder().maxWorkers(1).name(REGISTERED).build();
    unregistered.close();
    return unregistered.isTerminated();
  }

  /** The same pool, registered at once and closed once it is: close unregisters it before it returns. */
  @Benchmark
  @Fork(jvmArgsAppend = "-Ddev.concurrency.jmx.delayMillis=0")
  public boolean registeredAndClosed() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name();
    ProcessPool registered = ProcessPool.builder().maxWorkers(1).name(REGISTERED).build();
    while (!server.isRegistered(name)) {
      Thread.onSpinWait(); // the registrar's thread registers it
    }
    registered.close();
    return server.isRegistered(name);
  }

  private static ObjectName name() {
    try {
      return new ObjectName("dev.concurrency.processes:type=ProcessPool,name=" + ObjectName.quote(REGISTERED));
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }
}
