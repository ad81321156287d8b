package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code threading} group's examples, in listing order. */
public final class ThreadingExamples {

  private ThreadingExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(Threading01Seed.EXAMPLE);
  }
}
