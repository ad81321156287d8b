package dev.concurrency.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance-table checker on tables written for each rule, right and wrong. */
final class ConformanceCheckTest {

  @TempDir Path repository;
  private Path module;

  private static final String SUMMARY = """
      # demo: conformance with CPython 3.13

      | upstream file | test methods | Java ports | left out (with a reason) | still missing |
      | --- | --- | --- | --- | --- |
      | `Lib/test/test_demo.py` | 3 | 1 | 1 | 1 |
      | **total** | 3 | 1 | 1 | 1 |

      """;

  private static final String SECTION = """
      ## `Lib/test/test_demo.py`

      Source: CPython 3.13.0. One row per test method, per defining class.

      | upstream test | status | where / why |
      | --- | --- | --- |
      | `DemoTests.test_one` | ported | `DemoTest#one`, `DemoTest#oneAgain` |
      | `DemoTests.test_two` | not applicable | generator-based coroutines \\| not in Java |
      | `DemoTests.test_three` | not yet | needs the loop's debug hooks |
      """;

  @BeforeEach
  void demoModule() throws IOException {
    module = Files.createDirectories(repository.resolve("demo"));
    Path tests = Files.createDirectories(module.resolve("src/test/java/dev/demo"));
    Files.writeString(tests.resolve("DemoTest.java"), """
        package dev.demo;

        final class DemoTest {
          // CPython: test_demo.py DemoTests.test_one
          @Test
          void one() {}

          @Test
          @Timeout(5)
          List<String> oneAgain() throws Exception { return List.of(); }

          @Nested
          final class Inner {
            @Test
            void nested() { one(); }
          }
        }
        """);
  }

  private List<String> check(String table) throws IOException {
    Files.writeString(module.resolve("CONFORMANCE.md"), table);
    return ConformanceCheck.check(module);
  }

  @Test
  void check_moduleWithoutTable_passes() {
    assertThat(ConformanceCheck.check(module)).isEmpty();
  }

  @Test
  void check_rightTable_hasNoProblems() throws IOException {
    assertThat(check(SUMMARY + SECTION)).isEmpty();
  }

  @Test
  void check_nestedTestClass_isFoundInItsFile() throws IOException {
    assertThat(check(SUMMARY + SECTION.replace("`DemoTest#oneAgain`", "`Inner#nested`"))).isEmpty();
  }

  @Test
  void check_summaryCountsDifferFromTheSectionRows_namesBoth() throws IOException {
    String table = (SUMMARY + SECTION).replace("| `DemoTests.test_three` | not yet |", "| `DemoTests.test_three` | not applicable |");

    assertThat(check(table)).singleElement().asString()
        .contains("demo/CONFORMANCE.md:5:", "summary says 3 | 1 | 1 | 1", "rows count 3 | 1 | 2 | 0");
  }

  @Test
  void check_rowThatDoesNotAddUp_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("| `Lib/test/test_demo.py` | 3 |", "| `Lib/test/test_demo.py` | 4 |")
        .replace("| **total** | 3 |", "| **total** | 4 |");

    assertThat(check(table)).anySatisfy(p -> assertThat(p).contains(":5:", "tests (4) is not ported + not applicable + not yet (3)"));
  }

  @Test
  void check_wrongTotal_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("| **total** | 3 | 1 | 1 | 1 |", "| **total** | 3 | 2 | 0 | 1 |");

    assertThat(check(table)).singleElement().asString().contains(":6:", "total row says 3 | 2 | 0 | 1", "add up to 3 | 1 | 1 | 1");
  }

  @Test
  void check_unknownStatus_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("| not yet | needs", "| later | needs");

    assertThat(check(table)).anySatisfy(p -> assertThat(p).contains(":16:", "status 'later' is none of [ported, not applicable, not yet]"));
  }

  @Test
  void check_portedRowNamingAMissingClassOrMethod_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("`DemoTest#one`, `DemoTest#oneAgain`", "`NoSuchTest#one`, `DemoTest#two`");

    assertThat(check(table)).containsExactly(
        "demo/CONFORMANCE.md:14: `DemoTests.test_one`: no test class NoSuchTest in demo/src/test/java",
        "demo/CONFORMANCE.md:14: `DemoTests.test_one`: DemoTest has no method two");
  }

  @Test
  void check_methodOnlyCalledNotDeclared_isNotFound() throws IOException {
    Files.writeString(module.resolve("src/test/java/dev/demo/CallerTest.java"), """
        final class CallerTest {
          void caller() { helper(); }
        }
        """);
    String table = (SUMMARY + SECTION).replace("`DemoTest#oneAgain`", "`CallerTest#helper`");

    assertThat(check(table)).singleElement().asString().contains("CallerTest has no method helper");
  }

  @Test
  void check_portedRowWithoutATestReference_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("`DemoTest#one`, `DemoTest#oneAgain`", "see DemoTest");

    assertThat(check(table)).singleElement().asString().contains("names its Java test as `TestClass#method`");
  }

  @Test
  void check_reasonMissing_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("| not applicable | generator-based coroutines \\| not in Java |", "| not applicable |  |");

    assertThat(check(table)).singleElement().asString().contains(":15:", "says where it is ported or why not");
  }

  @Test
  void check_testListedTwice_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("`DemoTests.test_three`", "`DemoTests.test_one`");

    assertThat(check(table)).singleElement().asString().contains(":16:", "`DemoTests.test_one` is listed twice");
  }

  @Test
  void check_fileWithoutSection_andSectionWithoutSummaryRow_areReported() throws IOException {
    String table = SUMMARY + SECTION.replace("## `Lib/test/test_demo.py`", "## `Lib/test/test_other.py`");

    assertThat(check(table)).containsExactly(
        "demo/CONFORMANCE.md:5: `Lib/test/test_demo.py` has no section (## `Lib/test/test_demo.py`) with its tests",
        "demo/CONFORMANCE.md:8: section `Lib/test/test_other.py` has no row in the summary table");
  }

  @Test
  void check_fileNotCountedYet_needsNoSection_butASectionNeedsCounts() throws IOException {
    String notCounted = "| `Lib/test/test_later.py` | - | - | - | - |\n";
    String withLater = SUMMARY.replace("| **total** |", notCounted + "| **total** |");

    assertThat(check(withLater + SECTION)).isEmpty();
    assertThat(check(withLater + SECTION + SECTION.replace("test_demo.py", "test_later.py"))).singleElement().asString()
        .contains(":6:", "`Lib/test/test_later.py` has a section but no counts");
  }

  @Test
  void check_titleNamingAnotherModule_isReported() throws IOException {
    assertThat(check((SUMMARY + SECTION).replace("# demo:", "# async-core:"))).singleElement().asString()
        .contains(":1:", "names module 'async-core' but the file is in demo");
  }

  @Test
  void check_summaryWithWrongColumns_isReported() throws IOException {
    String table = (SUMMARY + SECTION).replace("| upstream file | test methods | Java ports | left out (with a reason) | still missing |", "| file | test methods | Java ports | left out (with a reason) |");

    assertThat(check(table)).anySatisfy(p -> assertThat(p).contains(":3:", "summary header must be"));
  }

  @Test
  void check_tableWithoutSeparatorRow_isReportedNotThrown() throws IOException {
    String table = (SUMMARY + SECTION).replace("| upstream test | status | where / why |\n| --- | --- | --- |\n",
        "| upstream test | status | where / why |\n");

    assertThat(check(table)).anySatisfy(p -> assertThat(p).contains("second line must be its separator row"));
  }
}
