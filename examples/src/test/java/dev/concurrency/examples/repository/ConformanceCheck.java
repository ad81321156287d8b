package dev.concurrency.examples.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a module's {@code CONFORMANCE.md} against the format agreed in COORDINATION.md: a title, a summary table
 * of upstream files with their counts and a {@code **total**} row, then one {@code ## `file`} section per upstream
 * file with one row per upstream test. It checks that
 *
 * <ul>
 *   <li>each summary row adds up ({@code tests = ported + not applicable + not yet}) and matches its section's rows, and the
 *       total row is the sum of the others;
 *   <li>every summary file has exactly one section and every section a summary row;
 *   <li>a status is exactly {@code ported}, {@code not applicable} or {@code not yet}, and the third column says where or why;
 *   <li>a {@code ported} row names one or more {@code `Class#method`} that exist in the module's
 *       {@code src/test/java};
 *   <li>no upstream test is listed twice in a section.
 * </ul>
 *
 * <p>A module without the file passes: {@link #check} returns no problems.
 */
final class ConformanceCheck {

  static final String FILE = "CONFORMANCE.md";

  private static final List<String> SUMMARY_HEADER = List.of("upstream file", "test methods", "Java ports", "left out (with a reason)", "still missing");
  private static final List<String> SECTION_HEADER = List.of("upstream test", "status", "where / why");
  private static final List<String> STATUSES = List.of("ported", "not applicable", "not yet");
  private static final Pattern TITLE = Pattern.compile("# (\\S+): conformance with \\S.*");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern TEST_REFERENCE = Pattern.compile("`([A-Za-z_$][\\w$]*)#([A-Za-z_$][\\w$]*)`");

  /** One upstream file's counts: tests, ported, not applicable, not yet. */
  private record Counts(int tests, int ported, int notApplicable, int notYet) {
    Counts plus(Counts other) {
      return new Counts(
          tests + other.tests, ported + other.ported, notApplicable + other.notApplicable, notYet + other.notYet);
    }

    @Override
    public String toString() {
      return tests + " | " + ported + " | " + notApplicable + " | " + notYet;
    }
  }

  private final Path module;
  private final List<String> lines;
  private final TestSources tests;
  private final List<String> problems = new ArrayList<>();

  private ConformanceCheck(Path module, List<String> lines) {
    this.module = module;
    this.lines = lines;
    this.tests = TestSources.of(module);
  }

  /**
   * The problems of {@code module}'s conformance table, each as {@code <module>/CONFORMANCE.md:<line>: <what>};
   * empty if the table is right or the module has none.
   */
  static List<String> check(Path module) {
    Path file = module.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      ConformanceCheck check = new ConformanceCheck(module, Files.readAllLines(file));
      check.run();
      return List.copyOf(check.problems);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void run() {
    checkTitle();
    Map<String, Counts> summary = new LinkedHashMap<>();
    Map<String, Integer> summaryLines = new LinkedHashMap<>();
    Map<String, Counts> sections = new LinkedHashMap<>();
    Map<String, Integer> sectionLines = new LinkedHashMap<>();
    String section = null;
    boolean summaryRead = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("## ")) {
        section = sectionName(line, i + 1);
        if (section != null && sectionLines.putIfAbsent(section, i + 1) != null) {
          problem(i + 1, "a second section for " + section + " (the first is at line " + sectionLines.get(section) + ")");
          section = null;
        }
      } else if (MarkdownTable.isTableLine(line)) {
        MarkdownTable table;
        try {
          table = MarkdownTable.parse(lines, i);
        } catch (IllegalArgumentException e) {
          problems.add(where(i + 1) + e.getMessage());
          while (i + 1 < lines.size() && MarkdownTable.isTableLine(lines.get(i + 1))) {
            i++;
          }
          continue;
        }
        if (section == null && !summaryRead) {
          readSummary(table, summary, summaryLines);
          summaryRead = true;
        } else if (section != null && !sections.containsKey(section)) {
          sections.put(section, readSection(table));
        } else {
          problem(table.line(), "a table outside the summary and the upstream files' sections");
        }
        i += table.height() - 1;
      }
    }
    if (!summaryRead) {
      problem(1, "no summary table (| upstream file | test methods | Java ports | left out (with a reason) | still missing |)");
    }
    compare(summary, summaryLines, sections, sectionLines);
  }

  private void checkTitle() {
    String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
    Matcher title = TITLE.matcher(first);
    if (!title.matches()) {
      problem(1, "the first line must be '# <module>: conformance with <upstream>', not '" + first + "'");
    } else if (!title.group(1).equals(module.getFileName().toString())) {
      problem(1, "the title names module '" + title.group(1) + "' but the file is in " + module.getFileName());
    }
  }

  private String sectionName(String heading, int line) {
    Matcher code = CODE.matcher(heading);
    if (!heading.matches("## `[^`]+`\\s*")) {
      if (looksLikeAnUpstreamFile(heading)) {
        problem(line, "a section heading is the upstream file in backticks: ## `path/to/file`");
      }
      return null; // another heading (notes, sources): not a section of tests
    }
    code.find();
    return code.group(1);
  }

  private static boolean looksLikeAnUpstreamFile(String heading) {
    return heading.contains(".py") || heading.contains(".java");
  }

  private void readSummary(MarkdownTable table, Map<String, Counts> summary, Map<String, Integer> summaryLines) {
    if (!table.header().equals(SUMMARY_HEADER)) {
      problem(table.line(), "the summary header must be " + SUMMARY_HEADER + ", not " + table.header());
      return;
    }
    Counts sum = new Counts(0, 0, 0, 0);
    Counts total = null;
    int totalLine = 0;
    for (MarkdownTable.Row row : table.rows()) {
      if (notCountedYet(row)) {
        summaryLines.putIfAbsent(row.cells().get(0).replace("`", ""), row.line());
        continue;
      }
      Counts counts = counts(row);
      if (counts == null) {
        continue;
      }
      String name = row.cells().get(0);
      if (name.equals("**total**")) {
        total = counts;
        totalLine = row.line();
        continue;
      }
      Matcher file = CODE.matcher(name);
      if (!name.matches("`[^`]+`")) {
        problem(row.line(), "the upstream file is written in backticks: `Lib/test/...`, not " + name);
        continue;
      }
      file.find();
      if (counts.tests() != counts.ported() + counts.notApplicable() + counts.notYet()) {
        problem(row.line(), name + ": tests (" + counts.tests() + ") is not ported + not applicable + not yet ("
            + (counts.ported() + counts.notApplicable() + counts.notYet()) + ")");
      }
      if (summary.putIfAbsent(file.group(1), counts) != null) {
        problem(row.line(), name + " is listed twice in the summary");
      }
      summaryLines.putIfAbsent(file.group(1), row.line());
      sum = sum.plus(counts);
    }
    if (total == null) {
      problem(table.line(), "the summary has no **total** row");
    } else if (!total.equals(sum)) {
      problem(totalLine, "the total row says " + total + " but the rows add up to " + sum);
    }
  }

  /** A row whose four counts are {@code -}: an upstream file listed, its tests not counted yet. */
  private static boolean notCountedYet(MarkdownTable.Row row) {
    List<String> cells = row.cells();
    return cells.size() == SUMMARY_HEADER.size() && cells.subList(1, cells.size()).stream().allMatch(c -> c.equals("-"));
  }

  private Counts counts(MarkdownTable.Row row) {
    List<String> cells = row.cells();
    if (cells.size() != SUMMARY_HEADER.size()) {
      problem(row.line(), "a summary row has " + SUMMARY_HEADER.size() + " cells, this one " + cells.size());
      return null;
    }
    int[] numbers = new int[4];
    for (int i = 0; i < 4; i++) {
      String cell = cells.get(i + 1).replace("*", "");
      if (!cell.matches("\\d+")) {
        problem(row.line(), "'" + cells.get(i + 1) + "' in column '" + SUMMARY_HEADER.get(i + 1) + "' is not a count");
        return null;
      }
      numbers[i] = Integer.parseInt(cell);
    }
    return new Counts(numbers[0], numbers[1], numbers[2], numbers[3]);
  }

  private Counts readSection(MarkdownTable table) {
    if (!table.header().equals(SECTION_HEADER)) {
      problem(table.line(), "a section's header must be " + SECTION_HEADER + ", not " + table.header());
      return new Counts(0, 0, 0, 0);
    }
    int ported = 0;
    int notApplicable = 0;
    int notYet = 0;
    Set<String> seen = new HashSet<>();
    for (MarkdownTable.Row row : table.rows()) {
      List<String> cells = row.cells();
      if (cells.size() != SECTION_HEADER.size()) {
        problem(row.line(), "a test row has 3 cells, this one " + cells.size());
        continue;
      }
      String test = cells.get(0);
      if (!test.matches("`[^`]+`")) {
        problem(row.line(), "the upstream test is written in backticks: `Class.test_name`, not " + test);
      } else if (!seen.add(test)) {
        problem(row.line(), test + " is listed twice");
      }
      String status = cells.get(1);
      String where = cells.get(2);
      switch (status) {
        case "ported" -> {
          ported++;
          checkPorted(row.line(), test, where);
        }
        case "not applicable" -> notApplicable++;
        case "not yet" -> notYet++;
        default -> problem(row.line(), test + ": status '" + status + "' is none of " + STATUSES);
      }
      if (where.isBlank()) {
        problem(row.line(), test + ": the third column says where it is ported or why not");
      }
    }
    return new Counts(ported + notApplicable + notYet, ported, notApplicable, notYet);
  }

  private void checkPorted(int line, String test, String where) {
    Matcher reference = TEST_REFERENCE.matcher(where);
    boolean any = false;
    while (reference.find()) {
      any = true;
      String type = reference.group(1);
      String method = reference.group(2);
      if (!tests.hasClass(type)) {
        problem(line, test + ": no test class " + type + " in " + module.getFileName() + "/src/test/java");
      } else if (!tests.hasMethod(type, method)) {
        problem(line, test + ": " + type + " has no method " + method);
      }
    }
    if (!any) {
      problem(line, test + ": a ported test names its Java test as `TestClass#method`, not '" + where + "'");
    }
  }

  private void compare(
      Map<String, Counts> summary,
      Map<String, Integer> summaryLines,
      Map<String, Counts> sections,
      Map<String, Integer> sectionLines) {
    summaryLines.forEach((file, line) -> {
      if (!summary.containsKey(file) && sectionLines.containsKey(file)) {
        problem(line, "`" + file + "` has a section but no counts in the summary (- | - | - | -)");
      }
    });
    summary.forEach((file, counts) -> {
      Counts rows = sections.get(file);
      if (rows == null && sectionLines.containsKey(file)) {
        problem(sectionLines.get(file), "section `" + file + "` has no table of its tests");
      } else if (rows == null) {
        problem(summaryLines.get(file), "`" + file + "` has no section (## `" + file + "`) with its tests");
      } else if (!rows.equals(counts)) {
        problem(summaryLines.get(file), "`" + file + "`: the summary says " + counts + " but its section's rows count "
            + rows + " (tests | ported | not applicable | not yet)");
      }
    });
    sectionLines.forEach((file, line) -> {
      if (!summaryLines.containsKey(file)) {
        problem(line, "section `" + file + "` has no row in the summary table");
      }
    });
  }

  private void problem(int line, String what) {
    problems.add(where(line) + what);
  }

  private String where(int line) {
    return module.getFileName() + "/" + FILE + ":" + line + ": ";
  }
}
