package dev.concurrency.examples.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository these tests check, found from the build (the {@code repository.root} system property that the
 * examples pom passes) or, when a test runs outside Maven, by walking up from the working directory to the pom
 * whose artifact is {@code concurrency-parent}.
 *
 * <p>A <em>library module</em> is a top-level folder with a {@code src/main/java/module-info.java} that requires no
 * other module of the repository (library modules depend on none of each other; {@code examples} and {@code
 * benchmarks}, modules too, require them): that is the one list the checks read, so a new library module (say
 * {@code cluster-concurrency}) is covered as soon as it has its module descriptor.
 */
record Repository(Path root) {

  private static final Pattern MODULE_NAME = Pattern.compile("\\bmodule\\s+([\\w.]+)\\s*\\{");
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
  private static final Pattern REQUIRES = Pattern.compile("\\brequires\\s+(?:(?:static|transitive)\\s+)*([\\w.]+)\\s*;");

  static Repository find() {
    String property = System.getProperty("repository.root");
    if (property != null && !property.isBlank()) {
      return new Repository(Path.of(property).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return new Repository(dir);
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root above " + Path.of("").toAbsolutePath()
            + ": run the tests through Maven, or set -Drepository.root=<the folder of the root pom.xml>");
  }

  private static boolean isRoot(Path dir) {
    Path pom = dir.resolve("pom.xml");
    try {
      return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>concurrency-parent</artifactId>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The top-level folders that hold a library module, sorted by name. */
  List<Path> libraryModules() {
    Map<Path, String> descriptors = new LinkedHashMap<>();
    topLevelFolders().forEach(dir -> {
      Path descriptor = dir.resolve("src/main/java/module-info.java");
      if (Files.isRegularFile(descriptor)) {
        descriptors.put(dir, COMMENT.matcher(read(descriptor)).replaceAll(" "));
      }
    });
    Set<String> names = new HashSet<>();
    descriptors.values().forEach(text -> {
      Matcher name = MODULE_NAME.matcher(text);
      if (name.find()) {
        names.add(name.group(1));
      }
    });
    return descriptors.entrySet().stream().filter(e -> requiresNoneOf(e.getValue(), names)).map(Map.Entry::getKey).toList();
  }

  private static boolean requiresNoneOf(String descriptor, Set<String> modules) {
    Matcher requires = REQUIRES.matcher(descriptor);
    while (requires.find()) {
      if (modules.contains(requires.group(1))) {
        return false;
      }
    }
    return true;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every top-level folder that is a Maven module (has a pom.xml), sorted by name. */
  List<Path> modules() {
    return topLevelFolders().filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).toList();
  }

  private Stream<Path> topLevelFolders() {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(Files::isDirectory).filter(dir -> !dir.getFileName().toString().startsWith(".")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
