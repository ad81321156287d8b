package dev.concurrency.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LinkCheckTest {

  @TempDir Path site;

  private void page(String path, String html) throws IOException {
    Path file = site.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, html);
  }

  @Test
  void check_linksToFilesAndAnchorsThatExist_areNotBroken() throws IOException {
    page("index.html", """
        <a href="examples/asyncio.html#seed-asyncio">seed</a> <img src="timelines/seed.svg">
        <a href="#top">top</a><h1 id="top">x</h1> <a href="https://example.com/">out</a>
        <a href="api/p/C.html#run(java.lang.String)">run</a> <a href="api/p/C.html#m%28int%29">m</a>
        """);
    page("examples/asyncio.html", "<section id=\"seed-asyncio\"></section><a href=\"../index.html\">up</a>");
    page("timelines/seed.svg", "<svg/>");
    page("api/p/C.html", "<section id=\"run(java.lang.String)\"></section><section id=\"m(int)\"></section>");

    LinkCheck.Result result = LinkCheck.check(site);

    assertThat(result.broken()).isEmpty();
    assertThat(result.checked()).isEqualTo(6); // the https link is not followed
  }

  @Test
  void check_missingFileMissingAnchorAndEscapes_areEachReported() throws IOException {
    page("index.html", """
        <a href="examples/gone.html">gone</a>
        <a href="examples/asyncio.html#no-such-example">anchor</a>
        <a href="../../etc/passwd">out</a>
        <a href="examples/">folder</a>
        """);
    page("examples/asyncio.html", "<section id=\"seed-asyncio\"></section>");

    assertThat(LinkCheck.check(site).broken()).containsExactly(
        "index.html: examples/gone.html (no such file)",
        "index.html: examples/asyncio.html#no-such-example (no element with id 'no-such-example' in examples/asyncio.html)",
        "index.html: ../../etc/passwd (outside the site)",
        "index.html: examples/ (a folder, not a page)");
  }
}
