package dev.concurrency.reference;

import static dev.concurrency.reference.Html.escape;

import dev.concurrency.examples.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** One example on its group's page. This class is stateless and thread-safe. */
final class ExampleSection {

  private ExampleSection() {}

  /**
   * The section for {@code example}: what it shows, how to run it, its Python original beside its Java source,
   * what to notice, its expected output, and its timeline picture and output from this build's run, if it ran.
   */
  static String html(int number, Example example, Path source, Path root, Timelines.@Nullable Run run)
      throws IOException {
    String code = Files.readString(source);
    ExampleHeader header = ExampleHeader.parse(code);
    String name = example.name();
    StringBuilder html = new StringBuilder();
    html.append("<section class=\"example\" id=\"").append(name).append("\">\n")
        .append("<h2>").append(number).append(". <code>").append(name).append("</code> <span class=\"seed\">seed ")
        .append(escape(example.section())).append("</span></h2>\n")
        .append("<p>").append(header.summary()).append("</p>\n")
        .append("<p class=\"run\">Run it: <code>./examples.sh ").append(name).append("</code></p>\n")
        .append("<div class=\"pair\">\n<div><h3>Python</h3>\n<pre class=\"python\">")
        .append(escape(header.python().orElse("(no Python counterpart)"))).append("</pre></div>\n")
        .append("<div><h3>Java <span class=\"file\" title=\"").append(escape(root.relativize(source).toString()))
        .append("\">").append(escape(source.getFileName().toString())).append(", from the class declaration on")
        .append("</span></h3>\n<pre class=\"java\">").append(escape(ExampleHeader.body(code)))
        .append("</pre></div>\n</div>\n");
    header.notice().ifPresent(n -> html.append("<h3>What to notice</h3>\n<p>").append(n).append("</p>\n"));
    header.expectedOutput().ifPresent(o -> {
      html.append("<h3>Expected output</h3>\n");
      if (!header.expectedOutputNote().isEmpty()) {
        html.append("<p class=\"note\">").append(header.expectedOutputNote()).append("</p>\n");
      }
      html.append("<pre class=\"output\">").append(escape(o)).append("</pre>\n");
    });
    if (run != null) {
      html.append("<h3>Timeline of this build's run</h3>\n");
      if (run.svg()) {
        html.append("<p><img src=\"../timelines/").append(name).append(".svg\" alt=\"timeline of ").append(name)
            .append("\"></p>\n");
      } else {
        html.append("<p class=\"note\">This example draws no timeline.</p>\n");
      }
      html.append("<details><summary>What this build's run printed").append(run.exitCode() == 0 ? "" : " (it failed,"
          + " exit status " + run.exitCode() + ")").append("</summary>\n<pre class=\"output\">")
          .append(escape(run.output())).append("</pre></details>\n");
    }
    return html.append("</section>\n").toString();
  }
}
