package dev.concurrency.benchmarks.jdk;

/**
 * The child JVM of the {@code jdk-process} workloads: {@code noop} exits at once; {@code task1} and {@code task2}
 * print the seed's two lines, as the seed's {@code multiprocessing} sample does.
 */
final class JvmChild {

  private JvmChild() {}

  /** Runs the role named by the one argument. */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: JvmChild noop|task1|task2");
    }
    switch (args[0]) {
      case "noop" -> { }
      case "task1", "task2" -> {
        String name = "Task " + args[0].charAt(4);
        System.out.println(name + " started");
        System.out.println(name + " completed");
      }
      default -> throw new IllegalArgumentException("unknown role '" + args[0] + "': noop, task1 or task2");
    }
  }
}
