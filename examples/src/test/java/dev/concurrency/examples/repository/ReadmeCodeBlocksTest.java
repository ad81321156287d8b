package dev.concurrency.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.Catalog;
import dev.concurrency.examples.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code block of every README is checked, so that the READMEs cannot rot:
 *
 * <ul>
 *   <li>a Java, XML or Python block is a region of a compiled (and tested, or built) source file, named by the
 *       comment above it, {@code <!-- snippet: path#region -->}, and equal to it; run this test with
 *       {@code -Dreadme.update=true} to rewrite the blocks from their sources;
 *   <li>a module's {@code <!-- copy-dependencies -->} block names the versions the build uses (and
 *       {@code consumers/check.sh} builds a copy of the module with exactly those);
 *   <li>a shell block names example names that exist and scripts that exist.
 * </ul>
 *
 * <p>Blocks of other languages, or of none (program output), are left as they are.
 */
final class ReadmeCodeBlocksTest {

  private static final Set<String> COMPILED_LANGUAGES = Set.of("java", "xml", "python", "py");
  private static final Pattern SNIPPET = Pattern.compile("snippet:\\s*(\\S+)");
  private static final Pattern DEPENDENCY = Pattern.compile(
      "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
  private static final Pattern EXAMPLE_NAME = Pattern.compile("\\./examples\\.sh\\s+([a-z][a-z0-9-]*)");
  private static final Pattern SCRIPT = Pattern.compile("(?:^|\\s)((?:\\./|[\\w.-]+/)[\\w./-]*\\.sh)\\b");
  // the launcher's own words, and the inspect tool's commands it passes on (./examples.sh pstree PID)
  private static final Set<String> LAUNCHER_WORDS = Set.of("seed", "all", "list", "ps", "pstree", "graph");

  private final Repository repository = Repository.find();
  private final boolean update = Boolean.getBoolean("readme.update");

  @Test
  void everyReadmeCodeBlock_isCheckedAgainstWhatItShows() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path readme : readmes()) {
      problems.addAll(check(readme));
    }
    assertThat(problems).as("README code blocks that are wrong (-Dreadme.update=true rewrites snippet blocks from"
        + " their sources)").isEmpty();
  }

  private List<Path> readmes() throws IOException {
    try (Stream<Path> files = Files.walk(repository.root(), 3)) {
      return files.filter(f -> f.getFileName().toString().equals("README.md"))
          .filter(f -> repository.root().relativize(f).toString().split("/").length <= 3)
          .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
          .sorted()
          .toList();
    }
  }

  private List<String> check(Path readme) throws IOException {
    List<String> file = new ArrayList<>(Files.readAllLines(readme));
    String name = repository.root().relativize(readme).toString();
    List<String> problems = new ArrayList<>();
    List<ReadmeBlocks.Block> blocks = ReadmeBlocks.of(file);
    boolean changed = false;
    for (int b = blocks.size() - 1; b >= 0; b--) { // from the end, so that a rewrite keeps earlier line numbers
      ReadmeBlocks.Block block = blocks.get(b);
      String where = name + ":" + block.lineNumber() + ": ";
      String marker = block.marker().orElse("");
      Matcher snippet = SNIPPET.matcher(marker);
      if (snippet.find()) {
        List<String> expected;
        try {
          expected = SourceRegion.parse(repository.root(), snippet.group(1)).lines();
        } catch (IllegalArgumentException e) {
          problems.add(where + e.getMessage());
          continue;
        }
        if (!expected.equals(block.lines())) {
          if (update) {
            List<String> indented = expected.stream().map(l -> l.isEmpty() ? "" : block.indent() + l).toList();
            file.subList(block.open() + 1, block.close()).clear();
            file.addAll(block.open() + 1, indented);
            changed = true;
          } else {
            problems.add(where + "differs from " + snippet.group(1) + firstDifference(expected, block.lines()));
          }
        }
      } else if (marker.startsWith("copy-dependencies")) {
        problems.addAll(checkCopyDependencies(where, block));
      } else if (COMPILED_LANGUAGES.contains(block.language())) {
        problems.add(where + "a " + block.language() + " block shows compiled code: put <!-- snippet: path#region -->"
            + " above it, naming a region of a source the build compiles");
      } else if (Set.of("bash", "sh", "shell").contains(block.language())) {
        problems.addAll(checkShell(where, block));
      }
    }
    if (changed) {
      Files.write(readme, file);
    }
    return problems;
  }

  private static String firstDifference(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String e = i < expected.size() ? expected.get(i) : "(nothing)";
      String a = i < actual.size() ? actual.get(i) : "(nothing)";
      if (!e.equals(a)) {
        return " at its line " + (i + 1) + ": the source has '" + e + "', the README '" + a + "'";
      }
    }
    return "";
  }

  private List<String> checkCopyDependencies(String where, ReadmeBlocks.Block block) throws IOException {
    String pom = Files.readString(repository.root().resolve("pom.xml"));
    Map<String, String> versions = Map.of(
        "com.google.guava:guava", property(pom, "guava.version"),
        "org.jspecify:jspecify", property(pom, "jspecify.version"),
        "com.hazelcast:hazelcast", property(pom, "hazelcast.version"), // cluster-concurrency's engine
        "org.junit.jupiter:junit-jupiter-api", property(pom, "junit.version")); // async-core's @SimulationTest
    List<String> problems = new ArrayList<>();
    Matcher dependency = DEPENDENCY.matcher(String.join("\n", block.lines()));
    int found = 0;
    while (dependency.find()) {
      found++;
      String coordinates = dependency.group(1) + ":" + dependency.group(2);
      String version = versions.get(coordinates);
      if (version == null) {
        problems.add(where + coordinates + " is not a dependency of the library modules (those are " + versions.keySet()
            + ")");
      } else if (!version.equals(dependency.group(3))) {
        problems.add(where + coordinates + " is " + version + " in the build, not " + dependency.group(3));
      }
    }
    if (found == 0) {
      problems.add(where + "the copy-dependencies block names no <groupId>, <artifactId>, <version>");
    }
    return problems;
  }

  private static String property(String pom, String name) {
    Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    if (!value.find()) {
      throw new IllegalStateException("the root pom has no property " + name);
    }
    return value.group(1);
  }

  private List<String> checkShell(String where, ReadmeBlocks.Block block) {
    Set<String> names = Catalog.standard().examples().stream().map(Example::name).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    for (String line : block.lines()) {
      String command = line.replaceAll("\\s#.*$", "").replaceAll("^#.*$", "");
      Matcher example = EXAMPLE_NAME.matcher(command);
      while (example.find()) {
        String name = example.group(1);
        if (!names.contains(name) && !LAUNCHER_WORDS.contains(name)) {
          problems.add(where + "'./examples.sh " + name + "': there is no example named " + name);
        }
      }
      Matcher script = SCRIPT.matcher(command);
      while (script.find()) {
        if (!Files.isRegularFile(repository.root().resolve(script.group(1)))) {
          problems.add(where + "'" + script.group(1) + "' is not a script of this repository");
        }
      }
    }
    return problems;
  }
}
