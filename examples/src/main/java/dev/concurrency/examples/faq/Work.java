package dev.concurrency.examples.faq;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TaskKind;
import dev.concurrency.threads.CpuWork;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One task of the FAQ comparisons, as data: a wait that needs no CPU (the stand-in for I/O), or a computation of
 * a fixed number of xorshift rounds calibrated to take about {@code duration} on this machine. Being data, the
 * same task runs on the event loop, on a thread, or in a child JVM, and describes itself to the timing model.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind waiting or computing
 * @param duration how long the task takes on its own: the wait, or the measured time of the computation
 * @param rounds xorshift rounds of a computation; 0 for a wait
 */
record Work(TaskKind kind, Duration duration, long rounds) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Keeps computed values alive so the JIT cannot drop the work. */
  @SuppressWarnings("unused")
  private static volatile long sink;

  /** Checks the parts. */
  Work {
    requireNonNull(kind, "kind");
    requireNonNull(duration, "duration");
    checkArgument(!duration.isNegative(), "duration must not be negative, got %s", duration);
    checkArgument(rounds >= 0, "rounds must not be negative, got %s", rounds);
  }

  /** A wait of {@code duration}. */
  static Work waiting(Duration duration) {
    return new Work(TaskKind.WAIT, duration, 0);
  }

  /**
   * A computation that takes about {@code target} on one core of this machine. The JIT is warmed first, until a
   * million rounds stop getting faster (the optimising compiler runs in the background and, on a loaded machine,
   * late); then the rounds are scaled to the target, and {@link #duration()} is the best of three timed runs: the
   * task's own cost, without the interference a loaded machine adds on top.
   */
  static Work computing(Duration target) {
    long probe = 1_000_000;
    long fastest = Long.MAX_VALUE;
    for (int i = 0, stable = 0; i < 300 && stable < 10; i++) {
      long took = time(probe);
      if (took < fastest * 0.95) {
        stable = 0;
      } else {
        stable++;
      }
      fastest = Math.min(fastest, took);
    }
    long rounds = Math.max(1_000, (long) ((double) probe * target.toNanos() / Math.max(1, fastest)));
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      best = Math.min(best, time(rounds));
    }
    return new Work(TaskKind.CPU, Duration.ofNanos(best), rounds);
  }

  /** {@code count} copies of this task. */
  List<Work> times(int count) {
    checkArgument(count >= 1, "count must be at least 1, got %s", count);
    List<Work> copies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      copies.add(this);
    }
    return List.copyOf(copies);
  }

  /** The model's view of this task. */
  Task task(String name) {
    return kind == TaskKind.CPU ? Task.cpu(name, duration) : Task.waiting(name, duration);
  }

  /** The model's view of several tasks, named {@code prefix1}, {@code prefix2}, ... */
  static List<Task> tasks(String prefix, List<Work> work) {
    List<Task> tasks = new ArrayList<>(work.size());
    for (int i = 0; i < work.size(); i++) {
      tasks.add(work.get(i).task(prefix + (i + 1)));
    }
    return List.copyOf(tasks);
  }

  /**
   * Does the task on the calling thread, blocking it for a wait; returns the computation's value (0 for a wait).
   *
   * @throws InterruptedException if interrupted while waiting
   */
  long call() throws InterruptedException {
    if (kind == TaskKind.WAIT) {
      Thread.sleep(duration); // the "I/O": a wait that needs no CPU
      return 0;
    }
    long value = CpuWork.spin(rounds, 1);
    sink = value;
    return value;
  }

  /** {@code "6 waits of 100.0 ms"} or {@code "4 computations of about 101.3 ms"}. */
  static String describe(List<Work> work) {
    Work first = work.get(0);
    String what = first.kind == TaskKind.CPU ? " computations of about " : " waits of ";
    return work.size() + what + Techniques.ms(first.duration);
  }

  private static long time(long rounds) {
    long start = System.nanoTime();
    sink = CpuWork.spin(rounds, 1);
    return System.nanoTime() - start;
  }
}
