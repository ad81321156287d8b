package dev.concurrency.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ExamplesTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static final Example HELLO =
      new Example("hello", Group.ASYNCIO, "4.1", "says hello", (o, a) -> o.println("hello " + a));
  private static final Example BROKEN =
      new Example("broken", Group.SYNC, "6 Q3", "always fails", (o, a) -> {
        throw new IllegalStateException("broken on purpose");
      });

  private int launch(Catalog catalog, String... args) {
    return new Examples(
            catalog,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(List.of(args));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArguments_listsEveryExampleWithGroupAndSection() {
    int status = launch(Catalog.standard());

    assertThat(status).isZero();
    assertThat(out()).contains("seed-threads").contains("4.2.1").contains("threading");
    for (Example example : Catalog.standard().examples()) {
      assertThat(out()).contains(example.name());
    }
  }

  @Test
  void name_runsThatExampleWithTheRestOfTheArguments() {
    int status = launch(Catalog.of(List.of(HELLO)), "hello", "world");

    assertThat(status).isZero();
    assertThat(out()).contains("hello [world]");
  }

  @Test
  void psPstreeAndGraph_goToTheInspectTool() {
    // a PID that cannot be a process: the tool's own error, not the launcher's "no example is named"
    int status = launch(Catalog.standard(), "pstree", "999999999");

    assertThat(status).isEqualTo(1);
    assertThat(err()).contains("999999999").doesNotContain("No example is named");
    assertThat(launch(Catalog.standard(), "ps")).isEqualTo(Examples.USAGE);
    assertThat(err()).contains("ps needs one process id");
  }

  @Test
  void unknownName_printsTheListToStderrAndExitsNonZero() {
    int status = launch(Catalog.of(List.of(HELLO)), "no-such-example");

    assertThat(status).isEqualTo(Examples.USAGE);
    assertThat(err()).contains("No example is named 'no-such-example'").contains("hello");
  }

  @Test
  void mistypedName_suggestsTheNearestName_inTheFirstLine() {
    int status = launch(Catalog.standard(), "seed-asynci");

    assertThat(status).isEqualTo(Examples.USAGE);
    assertThat(err().lines().findFirst()).hasValue(
        "No example is named 'seed-asynci'. Did you mean 'seed-asyncio'? Pick one of these:");
  }

  @Test
  void nameFarFromEveryExample_suggestsNothing() {
    int status = launch(Catalog.standard(), "quantum-annealing");

    assertThat(status).isEqualTo(Examples.USAGE);
    assertThat(err().lines().findFirst()).hasValue("No example is named 'quantum-annealing'. Pick one of these:");
  }

  @Test
  void editDistance_countsInsertionsDeletionsAndSubstitutions() {
    assertThat(Catalog.editDistance("seed-asyncio", "seed-asyncio")).isZero();
    assertThat(Catalog.editDistance("seed-asynci", "seed-asyncio")).isEqualTo(1);
    assertThat(Catalog.editDistance("seed-threds", "seed-threads")).isEqualTo(1);
    assertThat(Catalog.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(Catalog.editDistance("", "abc")).isEqualTo(3);
  }

  @Test
  void failingExample_isReportedWithItsStackAndExitsWithFailure() {
    int status = launch(Catalog.of(List.of(BROKEN)), "broken");

    assertThat(status).isEqualTo(Examples.FAILED);
    assertThat(err()).contains("example 'broken' failed").contains("broken on purpose");
  }

  @Test
  void all_runsEveryExampleAndNamesTheFailures() {
    int status = launch(Catalog.of(List.of(HELLO, BROKEN)), "all");

    assertThat(status).isEqualTo(Examples.FAILED);
    assertThat(out()).contains("=== hello").contains("hello []").contains("=== broken");
    assertThat(err()).contains("1 of 2 examples failed: broken");
  }

  @Test
  void seed_runsTheThreeSectionFourSamplesInOrder() {
    List<Example> seeds =
        Catalog.SEED_SAMPLES.stream()
            .map(name -> new Example(name, Group.MODEL, "4", "stand-in", (o, a) -> o.println("ran " + name)))
            .toList();

    int status = launch(Catalog.of(seeds), "seed");

    assertThat(status).isZero();
    assertThat(out()).containsSubsequence("ran seed-asyncio", "ran seed-threads", "ran seed-processes");
  }

  @Test
  void catalog_rejectsDuplicateNames() {
    assertThatThrownBy(() -> Catalog.of(List.of(HELLO, HELLO)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'hello'");
  }

  @Test
  void example_rejectsNamesTheLauncherCannotType() {
    assertThatThrownBy(() -> new Example("Bad Name", Group.SYNC, "1", "x", (o, a) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case words joined by hyphens");
  }
}
