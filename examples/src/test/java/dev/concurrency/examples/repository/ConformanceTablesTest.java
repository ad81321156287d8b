package dev.concurrency.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every module's {@code CONFORMANCE.md} in this repository follows the agreed format and names tests that exist
 * (see {@link ConformanceCheck}). Modules without one pass.
 */
final class ConformanceTablesTest {

  @Test
  void everyConformanceTable_isConsistent_andNamesTestsThatExist() {
    Repository repository = Repository.find();

    List<String> problems = repository.modules().stream().map(ConformanceCheck::check).flatMap(List::stream).toList();

    assertThat(problems).as("problems in the CONFORMANCE.md files, fix each as it says").isEmpty();
  }

  @Test
  void repository_isFound_withItsLibraryModules() {
    Repository repository = Repository.find();

    assertThat(repository.libraryModules()).extracting(Path::getFileName).extracting(Path::toString)
        .contains("async-core", "model", "process-concurrency", "sync-primitives", "thread-concurrency");
  }
}
