package dev.concurrency.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the README check, on small inputs written for each case. */
final class ReadmeBlocksTest {

  @Test
  void of_findsBlocksWithLanguageLinesAndTheCommentAbove() {
    List<ReadmeBlocks.Block> blocks = ReadmeBlocks.of(List.of(
        "Some text.",
        "<!-- snippet: a/B.java#one -->",
        "",
        "```java",
        "int x = 1;",
        "```",
        "- a list item:",
        "  ```",
        "  output",
        "  ```"));

    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).language()).isEqualTo("java");
    assertThat(blocks.get(0).lines()).containsExactly("int x = 1;");
    assertThat(blocks.get(0).marker()).hasValue("snippet: a/B.java#one");
    assertThat(blocks.get(0).lineNumber()).isEqualTo(4);
    assertThat(blocks.get(1).language()).isEmpty();
    assertThat(blocks.get(1).indent()).isEqualTo("  ");
    assertThat(blocks.get(1).lines()).containsExactly("output");
    assertThat(blocks.get(1).marker()).isEmpty();
  }

  @Test
  void of_unclosedBlock_isReportedWithItsLine() {
    assertThatThrownBy(() -> ReadmeBlocks.of(List.of("text", "```bash", "./mvnw")))
        .hasMessage("line 2: a code block that is never closed");
  }

  @Test
  void sourceRegion_joinsAndDedentsRegions_withoutTheirMarkers(@TempDir Path root) throws IOException {
    Files.writeString(root.resolve("Demo.java"), """
        class Demo {
          void run() {
            // @start region="first"
            int a = 1;

            if (a > 0) {
              a++;
            // @end
              System.out.println(a);
            }
            // @start region="second"
            return;
            // @end
          }
        }
        """);

    assertThat(SourceRegion.parse(root, "Demo.java#first+second").lines())
        .containsExactly("int a = 1;", "", "if (a > 0) {", "  a++;", "return;");
  }

  @Test
  void sourceRegion_xmlMarkers_andMissingPieces(@TempDir Path root) throws IOException {
    Files.writeString(root.resolve("pom.xml"), """
        <project>
          <!-- @start region="deps" -->
          <dependencies/>
          <!-- @end -->
        </project>
        """);

    assertThat(SourceRegion.parse(root, "pom.xml#deps").lines()).containsExactly("<dependencies/>");
    assertThatThrownBy(() -> SourceRegion.parse(root, "pom.xml#other").lines()).hasMessageContaining("no region 'other'");
    assertThatThrownBy(() -> SourceRegion.parse(root, "Gone.java#x").lines()).hasMessageContaining("no file");
    assertThatThrownBy(() -> SourceRegion.parse(root, "pom.xml")).hasMessage("'pom.xml' is not path#region");
  }
}
