package dev.concurrency.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What the list of library modules (see {@link Repository}) implies elsewhere: the BOM pins
 * each, the README names each, and the code outside them (examples, benchmarks, the reference, the consumers)
 * uses only the packages they export, as a user must.
 */
final class LibraryModulesTest {

  private static final Pattern BOM_ENTRY = Pattern.compile("<artifactId>([^<]+)</artifactId>");
  private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.concurrency\\.[\\w.]+)\\.[\\w*]+;",
      Pattern.MULTILINE);

  private final Repository repository = Repository.find();

  private List<String> libraryNames() {
    return repository.libraryModules().stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void bom_pinsEveryLibraryModule_andNothingElse() throws IOException {
    String bom = Files.readString(repository.root().resolve("bom/pom.xml"));
    String managed = bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    List<String> pinned = new ArrayList<>();
    Matcher entry = BOM_ENTRY.matcher(managed);
    while (entry.find()) {
      pinned.add(entry.group(1));
    }

    assertThat(pinned).as("bom/pom.xml's dependencyManagement: add a new library module there")
        .containsExactlyInAnyOrderElementsOf(libraryNames());
  }

  @Test
  void rootReadme_namesEveryLibraryModuleInItsCoordinatesTable() throws IOException {
    String readme = Files.readString(repository.root().resolve("README.md"));
    String table = readme.substring(readme.indexOf("## Use it in your project"));

    for (String module : libraryNames()) {
      assertThat(table).as("the coordinates table of README.md names %s", module).contains("| `" + module + "` |");
    }
  }

  @Test
  void codeOutsideTheLibraries_importsOnlyExportedPackages() throws IOException {
    Map<String, String> packages = new HashMap<>(); // every package of a library module -> its module
    Set<String> exported = new HashSet<>();
    for (Path module : repository.libraryModules()) {
      Matcher exports = EXPORTS.matcher(Files.readString(module.resolve("src/main/java/module-info.java")));
      while (exports.find()) {
        exported.add(exports.group(1));
      }
      Path sources = module.resolve("src/main/java");
      try (Stream<Path> files = Files.walk(sources)) {
        files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("module-info.java"))
            .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
            .forEach(p -> packages.put(p, module.getFileName().toString()));
      }
    }
    List<String> problems = new ArrayList<>();
    for (String user : List.of("examples", "benchmarks", "reference", "consumers")) {
      Path folder = repository.root().resolve(user);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")).toList()) {
          Matcher imported = IMPORT.matcher(Files.readString(file));
          while (imported.find()) {
            String pkg = packageOf(imported.group(1), packages.keySet());
            if (pkg != null && !exported.contains(pkg)) {
              problems.add(repository.root().relativize(file) + " imports " + imported.group(1) + ", which "
                  + packages.get(pkg) + " does not export");
            }
          }
        }
      }
    }

    assertThat(problems).as("code that uses a library module as a user cannot (ask its owner for an API)").isEmpty();
  }

  /** The library package that {@code name} (a package, or a package and a class) lies in, or null for none. */
  private static @Nullable String packageOf(String name, Set<String> packages) {
    for (String candidate = name; candidate.contains("."); candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
      if (packages.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
