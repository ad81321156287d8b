package dev.concurrency.reference;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * The aggregated Javadoc of every library module, in module mode: a page per module with its exported packages,
 * a page per package with its {@code package-info} overview, and the snippets of each module's tests. It runs
 * the {@code javadoc} tool of the JDK that runs this program.
 *
 * <p>This class is stateless and thread-safe.
 */
final class ApiDocs {

  private static final Pattern MODULE_NAME = Pattern.compile("\\bmodule\\s+([\\w.]+)\\s*\\{");
  private static final Pattern REQUIRES = Pattern.compile("\\brequires\\s+(?:(?:static|transitive)\\s+)*([\\w.]+)\\s*;");
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");

  private ApiDocs() {}

  /**
   * A library module: its folder and its JPMS name.
   *
   * @param folder the module's folder in the repository
   * @param name the name its {@code module-info.java} declares
   */
  record LibraryModule(Path folder, String name) {}

  /**
   * The library modules of the repository at {@code root}: the folders with a {@code module-info.java} that requires
   * none of the repository's other modules (those that do, the examples and the benchmarks, use the library).
   */
  static List<LibraryModule> libraryModules(Path root) throws IOException {
    Map<LibraryModule, String> descriptors = new LinkedHashMap<>();
    try (var folders = Files.list(root)) {
      for (Path folder : folders.sorted().toList()) {
        Path descriptor = folder.resolve("src/main/java/module-info.java");
        if (Files.isRegularFile(descriptor)) {
          String code = COMMENT.matcher(Files.readString(descriptor)).replaceAll(" ");
          Matcher name = MODULE_NAME.matcher(code);
          if (!name.find()) {
            throw new IllegalStateException(descriptor + " declares no module");
          }
          descriptors.put(new LibraryModule(folder, name.group(1)), code);
        }
      }
    }
    Set<String> names = descriptors.keySet().stream().map(LibraryModule::name).collect(Collectors.toSet());
    return descriptors.entrySet().stream()
        .filter(e -> REQUIRES.matcher(e.getValue()).results().noneMatch(r -> names.contains(r.group(1))))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Writes the Javadoc of {@code modules} into {@code out}.
   *
   * @param modulePath the jars the modules require (Guava and the annotations), not the modules themselves
   * @throws IllegalStateException if javadoc fails, with what it printed
   */
  static void build(List<LibraryModule> modules, List<Path> modulePath, Path overview, Path out) throws IOException {
    ToolProvider javadoc = ToolProvider.findFirst("javadoc")
        .orElseThrow(() -> new IllegalStateException("this JVM has no javadoc tool: run it on a JDK, not a JRE"));
    List<String> args = new ArrayList<>(List.of(
        "-d", out.toString(), "-quiet", "-Xdoclint:none", "-notimestamp",
        "-windowtitle", "Python-style async and concurrency for Java",
        "-doctitle", "Python-style async and concurrency for Java: API",
        "-overview", overview.toString(),
        "--module-path", join(modulePath)));
    List<String> names = new ArrayList<>();
    List<Path> snippets = new ArrayList<>();
    for (LibraryModule module : modules) {
      args.add("--module-source-path");
      args.add(module.name() + "=" + module.folder().resolve("src/main/java"));
      names.add(module.name());
      Path tests = module.folder().resolve("src/test/java");
      if (Files.isDirectory(tests)) {
        snippets.add(tests);
      }
    }
    if (!snippets.isEmpty()) {
      args.add("--snippet-path");
      args.add(join(snippets));
    }
    args.add("--module");
    args.add(String.join(",", names));
    StringWriter printed = new StringWriter();
    try (PrintWriter writer = new PrintWriter(printed)) {
      int status = javadoc.run(writer, writer, args.toArray(String[]::new));
      if (status != 0) {
        throw new IllegalStateException("javadoc exited with " + status + ":\n" + printed);
      }
    }
  }

  private static String join(List<Path> paths) {
    return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
  }
}
