package com.example.outside;

import dev.concurrency.processes.SerializableRunnable;

/** Tasks in a package that the base allowlist does not cover, for allowlist tests. */
public final class OutsideTasks {

  private OutsideTasks() {}

  /** A non-capturing method reference made in this package. */
  public static SerializableRunnable noop() {
    return OutsideTasks::doNothing;
  }

  private static void doNothing() {}
}
