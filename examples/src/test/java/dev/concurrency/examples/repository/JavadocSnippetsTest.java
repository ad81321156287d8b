package dev.concurrency.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A library module that declares its Javadoc code compiled ({@code <javadoc.snippetsOnly>true} in its pom) shows
 * code only as {@code {@snippet class=... region=...}} regions of its tests, never as a {@code <pre>{@code ...}}
 * block that nothing compiles (root README, "Code in Javadoc compiles"). A module switches this check on once its
 * last such block is a snippet; doclint ({@code javadoc.failOnWarnings}) is a switch of its own.
 */
final class JavadocSnippetsTest {

  private final Repository repository = Repository.find();

  @Test
  void cleanModules_showCodeInJavadocOnlyAsSnippets() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path module : repository.libraryModules()) {
      if (!Files.readString(module.resolve("pom.xml")).contains("<javadoc.snippetsOnly>true</javadoc.snippetsOnly>")) {
        continue;
      }
      try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(file);
          for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("<pre>{@code")) {
              problems.add(repository.root().relativize(file) + ":" + (i + 1)
                  + ": code in Javadoc is a {@snippet class=<a test> region=<name>}, not <pre>{@code ...}");
            }
          }
        }
      }
    }

    assertThat(problems).isEmpty();
  }
}
