package dev.concurrency.examples;

import com.google.common.collect.ImmutableList;
import dev.concurrency.examples.asyncio.AsyncioExamples;
import dev.concurrency.examples.faq.FaqExamples;
import dev.concurrency.examples.model.ModelExamples;
import dev.concurrency.examples.multiprocessing.MultiprocessingExamples;
import dev.concurrency.examples.sync.SyncExamples;
import dev.concurrency.examples.threading.ThreadingExamples;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every example, in listing order: by group, then in the order each group declares them.
 *
 * <p>Each group's examples live in the group's own package and are listed by its {@code *Examples} class, so
 * adding an example touches only that package.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Catalog {

  /** The names {@code seed} runs, one after another: the seed article's three section-4 samples. */
  public static final List<String> SEED_SAMPLES = List.of("seed-asyncio", "seed-threads", "seed-processes");

  private final List<Example> examples;

  private Catalog(List<Example> examples) {
    Set<String> names = new HashSet<>();
    for (Example example : examples) {
      if (!names.add(example.name())) {
        throw new IllegalStateException("two examples are named '" + example.name() + "'");
      }
    }
    this.examples = ImmutableList.copyOf(examples);
  }

  /** The catalogue of every example in this module. */
  public static Catalog standard() {
    return of(
        ImmutableList.<Example>builder()
            .addAll(AsyncioExamples.all())
            .addAll(ThreadingExamples.all())
            .addAll(MultiprocessingExamples.all())
            .addAll(SyncExamples.all())
            .addAll(ModelExamples.all())
            .addAll(FaqExamples.all())
            .build());
  }

  /**
   * A catalogue of the given examples.
   *
   * @throws IllegalStateException if two share a name
   */
  public static Catalog of(List<Example> examples) {
    return new Catalog(examples);
  }

  /** All examples, grouped, in listing order. */
  public List<Example> examples() {
    return examples;
  }

  /** The example with this name, if there is one. */
  public Optional<Example> find(String name) {
    return examples.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * The example whose name is nearest to a mistyped {@code name}: at most three letters added, removed or changed
   * (the first such in catalogue order when several are equally near), or empty when none is that near.
   */
  public Optional<Example> closestTo(String name) {
    Example best = null;
    int bestDistance = 4;
    for (Example example : examples) {
      int distance = editDistance(name, example.name());
      if (distance < bestDistance) {
        best = example;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance: the fewest single-letter insertions, deletions and substitutions from a to b. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
