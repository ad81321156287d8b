package dev.concurrency.benchmarks.workload;

import java.util.List;

/**
 * One workload as one system runs it, such as {@code E1_spawn_gather} on this project's event loop.
 *
 * <p>A workload checks its own result (every task ran, every item arrived, the counter is exact) and throws
 * when it is wrong, so a wrong answer can never look fast.
 */
public interface Workload {

  /** The workload's name, shared by every system that runs it ({@code E1_spawn_gather}). */
  String name();

  /**
   * Runs the workload once and returns its figures.
   *
   * @throws IllegalStateException if the workload's own check of its result fails
   * @throws Exception anything the workload fails with
   */
  List<Figure> run(Scale scale) throws Exception;

  /** A workload from a name and a body. */
  static Workload of(String name, Body body) {
    return new Workload() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Figure> run(Scale scale) throws Exception {
        return body.run(scale);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /**
   * Fails a workload whose result is wrong, so a wrong answer can never look fast.
   *
   * @throws IllegalStateException with {@code "wrong result: " + message}, when {@code ok} is false
   */
  static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException("wrong result: " + message);
    }
  }

  /** The code of a workload. */
  @FunctionalInterface
  interface Body {
    /** Runs once at the given scale and returns the figures. */
    List<Figure> run(Scale scale) throws Exception;
  }
}
