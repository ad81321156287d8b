package dev.concurrency.examples.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test classes of one module ({@code src/test/java}), indexed by simple name, so that a conformance row's
 * {@code Class#method} can be looked up. A nested class counts as declared by the file that holds it, and its
 * methods are looked for in that file.
 */
final class TestSources {

  private static final Pattern TYPE = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z][\\w$]*)");

  private final Map<String, List<String>> sourcesByType = new HashMap<>();

  private TestSources() {}

  /** Reads every {@code .java} file under {@code module/src/test/java}; none if the folder is missing. */
  static TestSources of(Path module) {
    TestSources index = new TestSources();
    Path root = module.resolve("src/test/java");
    if (!Files.isDirectory(root)) {
      return index;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher type = TYPE.matcher(source);
        while (type.find()) {
          index.sourcesByType.computeIfAbsent(type.group(1), k -> new java.util.ArrayList<>()).add(source);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return index;
  }

  boolean hasClass(String simpleName) {
    return sourcesByType.containsKey(simpleName);
  }

  /** Whether a file declaring {@code simpleName} declares a method {@code method} (any return type, any modifiers). */
  boolean hasMethod(String simpleName, String method) {
    Pattern declaration = Pattern.compile(
        "(?m)^\\s*(?:(?:@[\\w.]+(?:\\([^)]*\\))?|public|protected|private|static|final|synchronized|default|abstract)\\s+)*"
            + "(?:<[^>]+>\\s+)?[\\w.$]+(?:<[^;{}()]*>)?(?:\\[\\])*\\s+" + Pattern.quote(method) + "\\s*\\(");
    return sourcesByType.getOrDefault(simpleName, List.of()).stream().anyMatch(s -> declaration.matcher(s).find());
  }
}
