package dev.concurrency.examples.faq;

import dev.concurrency.examples.Example;
import java.util.List;

/** The {@code faq} group's examples, in listing order. */
public final class FaqExamples {

  private FaqExamples() {}

  /** Every example of this group. */
  public static List<Example> all() {
    return List.of(
        Faq01TimingModel.EXAMPLE,
        Faq02AsyncVsThreads.EXAMPLE,
        Faq03ChoosingTechnique.EXAMPLE,
        Faq04PriorityVsTimeSlice.EXAMPLE,
        Faq05RacesAndDeadlocks.EXAMPLE,
        Faq06Trends.EXAMPLE);
  }
}
