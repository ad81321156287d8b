package dev.concurrency.model.timing;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * The resource side of seed section 3.3: how much of a resource ({@link Task#demand()}, the seed's {@code R_i})
 * a set of tasks needs at once, against a capacity.
 *
 * {@snippet class=dev.concurrency.model.timing.TimingSnippetsTest region=resources}
 *
 * <p>The seed's {@code R_total = R_1 + ... + R_n} is the demand only when all {@code n} tasks hold their
 * resources at the same time. With at most {@code k} running at once the worst case is the sum of the {@code k}
 * largest demands; run sequentially it is the largest single demand.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class Resources {

  private Resources() {}

  /**
   * The seed's {@code R_total}: every task's demand, added up.
   *
   * @param tasks the tasks, each with its demand
   * @return the sum of their demands
   */
  public static double totalDemand(List<Task> tasks) {
    return requireNonNull(tasks, "tasks").stream().mapToDouble(Task::demand).sum();
  }

  /**
   * The worst-case demand when at most {@code concurrency} tasks run at once: the sum of the largest
   * {@code concurrency} demands.
   *
   * @param tasks the tasks, each with its demand
   * @param concurrency how many of them run at once
   * @return the peak demand
   * @throws IllegalArgumentException if {@code concurrency} is less than 1
   */
  public static double peakDemand(List<Task> tasks, int concurrency) {
    checkArgument(concurrency >= 1, "concurrency is %s; at least 1 task runs at a time", concurrency);
    return requireNonNull(tasks, "tasks").stream()
        .map(Task::demand)
        .sorted(Comparator.reverseOrder())
        .limit(concurrency)
        .mapToDouble(Double::doubleValue)
        .sum();
  }

  /**
   * The worst-case demand with {@code concurrency} running, as a fraction of {@code capacity}; above 1 the
   * resource is oversubscribed.
   *
   * @param tasks the tasks, each with its demand
   * @param concurrency how many of them run at once
   * @param capacity how much of the resource there is
   * @return the peak demand over the capacity
   * @throws IllegalArgumentException if {@code capacity} is not positive or {@code concurrency} is less than 1
   */
  public static double utilisation(List<Task> tasks, int concurrency, double capacity) {
    checkCapacity(capacity);
    return peakDemand(tasks, concurrency) / capacity;
  }

  /**
   * The saturation point: the smallest concurrency at which the worst-case demand exceeds {@code capacity}, or
   * empty when even all tasks at once fit. Run at most one fewer at a time to stay within capacity.
   *
   * @param tasks the tasks, each with its demand
   * @param capacity how much of the resource there is
   * @return the saturation point, or empty
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public static OptionalInt saturationPoint(List<Task> tasks, double capacity) {
    checkCapacity(capacity);
    List<Double> largestFirst =
        requireNonNull(tasks, "tasks").stream().map(Task::demand).sorted(Comparator.reverseOrder()).toList();
    double demand = 0;
    for (int k = 1; k <= largestFirst.size(); k++) {
      demand += largestFirst.get(k - 1);
      if (demand > capacity) {
        return OptionalInt.of(k);
      }
    }
    return OptionalInt.empty();
  }

  private static void checkCapacity(double capacity) {
    checkArgument(
        capacity > 0 && Double.isFinite(capacity), "capacity is %s; give a positive amount of the resource", capacity);
  }
}
