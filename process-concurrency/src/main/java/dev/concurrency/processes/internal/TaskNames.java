package dev.concurrency.processes.internal;

import java.util.Optional;

/**
 * What a pool's task is, in a few words, for its MXBean and its JFR events: {@code task #7: Work::square}, {@code
 * task #8: map chunk of 250 items: Work::square}. A chunk is named by its function and size, never by its items
 * (ten thousand of them would be printed for every chunk), and any text is cut to {@link #MAX_WHAT} characters.
 *
 * <p>Stateless and thread-safe. It calls a task's {@code toString} only for a task that is neither a lambda nor a
 * chunk; one that throws is named by its class.
 */
final class TaskNames {

  /** The most characters of a task's own description. */
  static final int MAX_WHAT = 160;

  private static final String LAMBDA = "$$Lambda";

  /** The arity {@link MethodName#of} gives a method of two or more parameters. */
  private static final int TWO_OR_MORE = -1;

  private TaskNames() {}

  /** {@code task #ID: WHAT}, or {@code task #ID} once the job has dropped its task (its future completed). */
  static String of(Job job) {
    Object task = job.task;
    return task == null ? job.toString() : job + ": " + what(task);
  }

  /** The task's words, without its id. */
  static String what(Object task) {
    if (task instanceof ChunkTask<?, ?> chunk) {
      return "map chunk of " + chunk.arguments().size() + " items: " + function(chunk.function(), 1);
    }
    if (task instanceof BiChunkTask<?, ?, ?> chunk) {
      return "map chunk of " + chunk.firsts().size() + " pairs: " + function(chunk.function(), TWO_OR_MORE);
    }
    return function(task, 0);
  }

  /**
   * A lambda as the static method it calls ({@code Work::square}; a lambda's body is {@code Work::lambda$main$0}),
   * or as the class that made it when it captures values; anything else by its {@code toString}.
   */
  private static String function(Object function, int arity) {
    Class<?> type = function.getClass();
    if (type.isHidden()) {
      Optional<MethodName> method = MethodName.of(function, arity); // read once per lambda class, then cached
      if (method.isPresent()) {
        return simpleName(method.get().implClass()) + "::" + method.get().implMethod();
      }
      // Work$$Lambda/0x000071e8c4001234 (Work$$Lambda$14/0x... before JDK 21): the rest says nothing
      String name = type.getName();
      int lambda = name.indexOf(LAMBDA);
      int end = lambda >= 0 ? lambda + LAMBDA.length() : name.indexOf('/');
      return simpleName(end < 0 ? name : name.substring(0, end));
    }
    String text;
    try {
      text = String.valueOf(function);
    } catch (RuntimeException e) {
      return type.getName();
    }
    return text.length() <= MAX_WHAT ? text : text.substring(0, MAX_WHAT) + "...";
  }

  private static String simpleName(String binaryName) {
    return binaryName.substring(binaryName.lastIndexOf('.') + 1);
  }
}
