package dev.concurrency.benchmarks.runner;

import com.google.common.collect.ImmutableList;
import dev.concurrency.benchmarks.asyncio.AsyncCoreWorkloads;
import dev.concurrency.benchmarks.cluster.ClusterWorkloads;
import dev.concurrency.benchmarks.jdk.CompletableFutureWorkloads;
import dev.concurrency.benchmarks.jdk.JvmChildWorkloads;
import dev.concurrency.benchmarks.jdk.LockWorkloads;
import dev.concurrency.benchmarks.jdk.PlatformThreadWorkloads;
import dev.concurrency.benchmarks.jdk.PoolWorkloads;
import dev.concurrency.benchmarks.jdk.VirtualThreadWorkloads;
import dev.concurrency.benchmarks.processes.ProcessWorkloads;
import dev.concurrency.benchmarks.sync.SyncWorkloads;
import dev.concurrency.benchmarks.threads.ThreadWorkloads;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.List;
import java.util.Optional;

/**
 * Every system the runner knows, in report order: this project, the JDK baselines, the Python peers.
 *
 * <p>To add a system, add one line here: a {@link JvmSystem} with its workloads, or a {@link PythonSystem} whose
 * name {@code peer.py} understands.
 *
 * <p>Stateless and thread-safe; each call builds new system objects.
 */
public final class Systems {

  /** What the async peers run: the event-loop workloads. */
  static final List<String> ASYNC = List.of(
      "E1_spawn_gather", "E2_yield_switch", "E3_timers", "E4_queue", "E5_lock", "E6_call_soon", "E7_seed_gather",
      "E8_echo", "E9_spawn_no_suspend");

  /** What {@code python-asyncio-eager} runs: the workloads a task factory changes. */
  static final List<String> SPAWNING = List.of("E1_spawn_gather", "E9_spawn_no_suspend");

  /** The oldest CPython with {@code asyncio.eager_task_factory}. */
  static final String EAGER_PYTHON = "3.12";

  /** E1 and E9 on the eager task factory ({@code TaskFactory.eager()}), measured against the default. */
  static final String PROJECT_EAGER = "project-eager";

  /** What {@code python-threading} runs. */
  static final List<String> THREADING = List.of(
      "E4_queue", "E5_lock", "T2_cpu_parallel", "T3_thread_start_join", "P3_pool_map", "S1_mutex", "S2_semaphore");

  /** What the {@code multiprocessing} peers run. */
  static final List<String> MULTIPROCESSING = List.of("P1_seed_process", "P2_spawn_latency", "P3_pool_map");

  /** The async-core workloads again, with the experimental scheduler turned on: measured against the default. */
  static final String PROJECT_CONTINUATIONS = "project-continuations";

  /** The flags that turn the experimental scheduler on (see async-core's {@code Continuations}). */
  static final List<String> CONTINUATION_FLAGS = List.of(
      "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Ddev.concurrency.async.continuations=true");

  /**
   * The async-core workloads with the JDK's virtual-thread scheduler limited to one carrier: every baton handoff
   * then stays on that carrier instead of waking the idle one.
   */
  static final String PROJECT_ONE_CARRIER = "project-1carrier";

  /** The JDK option that gives the virtual-thread scheduler one carrier thread. */
  static final List<String> ONE_CARRIER_FLAGS = List.of("-Djdk.virtualThreadScheduler.parallelism=1");

  private Systems() {}

  /** Every system, with the Python peers found through {@code python}. */
  public static List<BenchSystem> all(PythonEnvironment python) {
    return ImmutableList.of(
        new JvmSystem(Report.PROJECT, "this project: async-core, thread-concurrency, process-concurrency, "
            + "sync-primitives", Systems::project),
        new JvmSystem(PROJECT_CONTINUATIONS, "this project's async-core on its experimental scheduler (tasks as the "
            + "JDK's internal Continuation, behind a flag)", CONTINUATION_FLAGS, AsyncCoreWorkloads::all),
        new JvmSystem(PROJECT_ONE_CARRIER, "this project's async-core with the JDK's virtual-thread scheduler on one "
            + "carrier thread (a JDK option, no change to the code)", ONE_CARRIER_FLAGS, AsyncCoreWorkloads::all),
        new JvmSystem(PROJECT_EAGER, "this project's async-core with the eager task factory (TaskFactory.eager()): a "
            + "task runs its first step inside createTask", List.of("-D" + AsyncCoreWorkloads.EAGER_PROPERTY + "=true"),
            AsyncCoreWorkloads::spawning),
        new JvmSystem("project-cluster", "this project's cluster-concurrency: ClusterPool on three Hazelcast members"
            + " embedded in one JVM, on 127.0.0.1", ClusterWorkloads::all),
        new JvmSystem("jdk-cf", "CompletableFuture and callbacks on a single-thread executor",
            CompletableFutureWorkloads::all),
        new JvmSystem("jdk-vthreads", "virtual threads, with ReentrantLock and ArrayBlockingQueue",
            VirtualThreadWorkloads::all),
        new JvmSystem("jdk-threads", "platform threads", PlatformThreadWorkloads::all),
        new JvmSystem("jdk-lock", "java.util.concurrent.locks.ReentrantLock", LockWorkloads::reentrantLock),
        new JvmSystem("jdk-synchronized", "a synchronized block", LockWorkloads::synchronizedBlock),
        new JvmSystem("jdk-semaphore", "java.util.concurrent.Semaphore", LockWorkloads::semaphore),
        new JvmSystem("jdk-tpe", "ThreadPoolExecutor with 2 threads", PoolWorkloads::all),
        new JvmSystem("jdk-process", "ProcessBuilder starting JVM children", JvmChildWorkloads::all),
        new PythonSystem("python-asyncio", "CPython asyncio, default event loop", ASYNC, null, python),
        new PythonSystem("python-uvloop", "CPython asyncio on uvloop", ASYNC, "uvloop", python),
        new PythonSystem("python-asyncio-newest", "the newest CPython installed (" + EAGER_PYTHON + "+), asyncio "
            + "default event loop", ASYNC, null, EAGER_PYTHON, python),
        new PythonSystem("python-asyncio-eager", "the newest CPython installed (" + EAGER_PYTHON + "+), asyncio with "
            + "asyncio.eager_task_factory", SPAWNING, null, EAGER_PYTHON, python),
        new PythonSystem("python-threading", "CPython threading, queue and concurrent.futures", THREADING, null,
            python),
        new PythonSystem("python-mp-fork", "CPython multiprocessing, fork start method", MULTIPROCESSING, null,
            python),
        new PythonSystem("python-mp-spawn", "CPython multiprocessing, spawn start method", MULTIPROCESSING, null,
            python),
        // a server process forks each child, the analogue of this project's warm spares (3.14's default on Linux)
        new PythonSystem("python-mp-forkserver", "CPython multiprocessing, forkserver start method",
            MULTIPROCESSING, null, python));
  }

  /** The system of that name. */
  public static Optional<BenchSystem> named(List<BenchSystem> systems, String name) {
    return systems.stream().filter(system -> system.name().equals(name)).findFirst();
  }

  /** This project's workloads: the union of the four topic packages' lists. */
  static List<Workload> project() {
    return ImmutableList.<Workload>builder()
        .addAll(AsyncCoreWorkloads.all())
        .addAll(ThreadWorkloads.all())
        .addAll(ProcessWorkloads.all())
        .addAll(SyncWorkloads.all())
        .build();
  }
}
