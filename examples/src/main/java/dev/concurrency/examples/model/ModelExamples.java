package dev.concurrency.examples.model;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code model} group's examples, in listing order. */
public final class ModelExamples {

  private ModelExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(
        Model01SeedAsyncio.EXAMPLE, Model02Policies.EXAMPLE, Model03Laws.EXAMPLE, Model04Critique.EXAMPLE);
  }
}
