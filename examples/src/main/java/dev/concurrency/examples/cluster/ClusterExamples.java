package dev.concurrency.examples.cluster;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code cluster} group's examples, in listing order. */
public final class ClusterExamples {

  private ClusterExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(Cluster01PoolMap.EXAMPLE);
  }
}
