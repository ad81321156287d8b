package dev.concurrency.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.Catalog;
import dev.concurrency.examples.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ExampleSectionTest {

  private static final Example SEED = Catalog.standard().find("seed-asyncio").orElseThrow();

  @TempDir Path root;

  private Path source() throws IOException {
    Path file = root.resolve("examples/src/main/java/Seed.java");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, """
        package demo;

        /**
         * Two coroutines <gathered>.
         *
         * <pre>{@code
         * await asyncio.gather(task1(), task2())
         * }</pre>
         *
         * <p><b>What to notice.</b> 2 s, not 3.
         *
         * <p><b>Expected output:</b>
         *
         * <pre>
         * Task 1 started
         * </pre>
         */
        public final class Seed {
          static void run() {}
        }
        """);
  }

  @Test
  void html_withARun_showsEveryPartAndThePicture() throws IOException {
    String html = ExampleSection.html(1, SEED, source(), root, new Timelines.Run(true, "Task 1 started\n", 0));

    assertThat(html).contains("<section class=\"example\" id=\"seed-asyncio\">")
        .contains("<h2>1. <code>seed-asyncio</code> <span class=\"seed\">seed 4.1</span></h2>")
        .contains("<p>Two coroutines <gathered>.</p>") // the header's own HTML, as Javadoc would show it
        .contains("<pre class=\"python\">await asyncio.gather(task1(), task2())</pre>")
        .contains("title=\"examples/src/main/java/Seed.java\">Seed.java")
        .contains("<pre class=\"java\">public final class Seed {\n  static void run() {}\n}\n</pre>")
        .contains("<h3>What to notice</h3>\n<p>2 s, not 3.</p>")
        .contains("<pre class=\"output\">Task 1 started</pre>")
        .contains("<img src=\"../timelines/seed-asyncio.svg\" alt=\"timeline of seed-asyncio\">")
        .contains("What this build's run printed</summary>");
  }

  @Test
  void html_failedRunWithoutPicture_saysSo_andNoRunMeansNoTimelineSection() throws IOException {
    String failed = ExampleSection.html(1, SEED, source(), root, new Timelines.Run(false, "boom\n", 1));
    String notRun = ExampleSection.html(1, SEED, source(), root, null);

    assertThat(failed).contains("This example draws no timeline.").contains("(it failed, exit status 1)")
        .contains("<pre class=\"output\">boom\n</pre>");
    assertThat(notRun).doesNotContain("Timeline of this build's run");
  }
}
