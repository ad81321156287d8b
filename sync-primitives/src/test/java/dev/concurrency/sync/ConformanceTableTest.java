package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code CONFORMANCE.md} against the tests it names, so that the table cannot drift from the code: the
 * counts add up, every status is one of the three, every ported row names test methods that exist, and the
 * named test class mentions the upstream test it ports (in the comment above the Java test).
 */
final class ConformanceTableTest {

  private static final Path MODULE = Path.of(System.getProperty("user.dir"));
  private static final Pattern SUMMARY = Pattern.compile("^\\| `(.+)` \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$");
  private static final Pattern TOTAL = Pattern.compile("^\\| \\*\\*total\\*\\* \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$");
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (ported|not applicable|not yet) \\| (.+) \\|$");
  private static final Pattern REFERENCE = Pattern.compile("`(\\w+)#(\\w+)`");

  private record Counts(int tests, int ported, int notApplicable, int notYet) {}

  @Test
  void table_matchesTheTestsItNames() throws IOException {
    List<String> lines = Files.readAllLines(MODULE.resolve("CONFORMANCE.md"));
    Map<String, Counts> summary = new LinkedHashMap<>();
    Counts total = null;
    Map<String, List<String[]>> sections = new LinkedHashMap<>();
    String section = null;
    for (String line : lines) {
      Matcher matcher;
      if (line.startsWith("## `")) {
        section = line.substring(4, line.length() - 1);
        sections.put(section, new ArrayList<>());
      } else if (section == null && (matcher = SUMMARY.matcher(line)).matches()) {
        summary.put(matcher.group(1), counts(matcher, 2));
      } else if (section == null && (matcher = TOTAL.matcher(line)).matches()) {
        total = counts(matcher, 1);
      } else if (section != null && (matcher = ROW.matcher(line)).matches()) {
        sections.get(section).add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3)});
      } else if (section != null && line.startsWith("| `")) {
        throw new AssertionError("malformed row in " + section + ": " + line);
      }
    }
    assertThat(sections.keySet()).containsExactlyElementsOf(summary.keySet());
    Map<String, String> sources = testSources();
    int tests = 0;
    int ported = 0;
    int notApplicable = 0;
    int notYet = 0;
    for (Map.Entry<String, List<String[]>> entry : sections.entrySet()) {
      List<String[]> rows = entry.getValue();
      Counts counted =
          new Counts(
              rows.size(),
              (int) rows.stream().filter(r -> r[1].equals("ported")).count(),
              (int) rows.stream().filter(r -> r[1].equals("not applicable")).count(),
              (int) rows.stream().filter(r -> r[1].equals("not yet")).count());
      assertThat(counted).as("summary of %s", entry.getKey()).isEqualTo(summary.get(entry.getKey()));
      tests += counted.tests();
      ported += counted.ported();
      notApplicable += counted.notApplicable();
      notYet += counted.notYet();
      for (String[] row : rows) {
        if (row[1].equals("ported")) {
          checkPorted(entry.getKey(), row[0], row[2], sources);
        } else {
          assertThat(row[2].strip()).as("reason for %s", row[0]).hasSizeGreaterThan(20);
        }
      }
    }
    assertThat(total).isEqualTo(new Counts(tests, ported, notApplicable, notYet));
    assertThat(notYet).as("tests not yet ported").isZero();
  }

  private static void checkPorted(String file, String upstream, String where, Map<String, String> sources) {
    Matcher reference = REFERENCE.matcher(where);
    int found = 0;
    while (reference.find()) {
      found++;
      String source = sources.get(reference.group(1));
      assertThat(source).as("test class %s named for %s", reference.group(1), upstream).isNotNull();
      assertThat(Pattern.compile("\\b" + reference.group(2) + "\\s*\\(").matcher(source).find())
          .as("%s#%s named for %s", reference.group(1), reference.group(2), upstream)
          .isTrue();
      if (!file.startsWith("Silberschatz")) {
        assertThat(source).as("%s mentions %s", reference.group(1), upstream).contains(stem(upstream));
      }
    }
    assertThat(found).as("tests named for %s", upstream).isPositive();
  }

  /** The part of an upstream test's name that its Java port's comment must mention. */
  private static String stem(String upstream) {
    String method = upstream.substring(upstream.lastIndexOf('.') + 1);
    if (method.startsWith("test_")) {
      return method;
    }
    int variant = method.indexOf('_');
    return variant < 0 || upstream.startsWith("CycleDetecting") ? method : method.substring(0, variant);
  }

  private static Counts counts(Matcher matcher, int first) {
    return new Counts(
        Integer.parseInt(matcher.group(first)),
        Integer.parseInt(matcher.group(first + 1)),
        Integer.parseInt(matcher.group(first + 2)),
        Integer.parseInt(matcher.group(first + 3)));
  }

  private static Map<String, String> testSources() throws IOException {
    Map<String, String> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(MODULE.resolve("src/test/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = file.getFileName().toString();
        sources.put(name.substring(0, name.length() - ".java".length()), Files.readString(file));
      }
    }
    return sources;
  }
}
