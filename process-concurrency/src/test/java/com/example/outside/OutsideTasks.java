package com.example.outside;

import dev.concurrency.processes.SerializableFunction;
import dev.concurrency.processes.SerializableRunnable;

/** Tasks in a package that the base allowlist does not cover, for allowlist tests. */
public final class OutsideTasks {

  private OutsideTasks() {}

  /** An exception whose class the base allowlist does not cover. */
  public static final class OutsideException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates one. */
    public OutsideException(String message) {
      super(message);
    }
  }

  /** A non-capturing method reference made in this package. */
  public static SerializableRunnable noop() {
    return OutsideTasks::doNothing;
  }

  /** A non-capturing function made in this package. */
  public static SerializableFunction<Long, Long> same() {
    return OutsideTasks::same;
  }

  private static void doNothing() {}

  private static Long same(Long value) {
    return value;
  }
}
