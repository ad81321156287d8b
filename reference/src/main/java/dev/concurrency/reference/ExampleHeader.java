package dev.concurrency.reference;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an example's class header, the Javadoc comment every example starts with: what it shows (the
 * first paragraph), its Python original (the first {@code <pre>{@code ...}</pre>} block), "What to notice", and
 * its expected output (the {@code <pre>} block after "Expected output"). Each part is HTML, as Javadoc writes it,
 * with {@code {@code x}} and {@code {@link X}} turned into {@code <code>} elements.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param summary the first paragraph
 * @param python the Python original, as plain text; empty if the header has none
 * @param notice the "What to notice" paragraph, HTML; empty if none
 * @param expectedOutput the expected output, as plain text, with what the header says about it before the
 *     block; empty if none
 * @param expectedOutputNote the words between "Expected output" and its block (a date, a caveat), HTML
 */
record ExampleHeader(
    String summary, Optional<String> python, Optional<String> notice, Optional<String> expectedOutput,
    String expectedOutputNote) {

  private static final Pattern COMMENT = Pattern.compile("/\\*\\*(.*?)\\*/\\s*(?:@[^\\n]*\\n\\s*)*public final class",
      Pattern.DOTALL);
  private static final Pattern CODE_BLOCK = Pattern.compile("<pre>\\{@code\\n(.*?)\\n}</pre>", Pattern.DOTALL);
  private static final Pattern NOTICE = Pattern.compile("<p><b>What to notice\\.</b>(.*?)(?=<p>|<pre>|$)", Pattern.DOTALL);
  private static final Pattern EXPECTED =
      Pattern.compile("<p><b>Expected output:?</b>(.*?)<pre>\\n?(.*?)</pre>", Pattern.DOTALL);

  /** Checks the parts. */
  ExampleHeader {
    requireNonNull(summary, "summary");
    requireNonNull(python, "python");
    requireNonNull(notice, "notice");
    requireNonNull(expectedOutput, "expectedOutput");
    requireNonNull(expectedOutputNote, "expectedOutputNote");
  }

  /**
   * Parses the header of an example's source file.
   *
   * @throws IllegalArgumentException if the file has no Javadoc comment before {@code public final class}
   */
  static ExampleHeader parse(String source) {
    Matcher comment = COMMENT.matcher(source);
    if (!comment.find()) {
      throw new IllegalArgumentException("no class header (a /** ... */ comment before 'public final class')");
    }
    String text = unstar(comment.group(1));
    int firstBreak = firstOf(text, "<pre>", "<p>");
    String summary = inline(text.substring(0, firstBreak).strip());
    Matcher code = CODE_BLOCK.matcher(text);
    Optional<String> python = code.find() ? Optional.of(code.group(1)) : Optional.empty();
    Matcher notice = NOTICE.matcher(text);
    Optional<String> noticeText = notice.find() ? Optional.of(inline(notice.group(1).strip())) : Optional.empty();
    Matcher expected = EXPECTED.matcher(text);
    Optional<String> output = Optional.empty();
    String note = "";
    if (expected.find()) {
      output = Optional.of(unescape(expected.group(2).stripTrailing()));
      note = inline(expected.group(1).replaceFirst("^:", "").strip());
    }
    return new ExampleHeader(summary, python, noticeText, output, note);
  }

  /**
   * {@return the source from the class declaration on: without the package line, the imports and this header,
   * which the reference shows apart} The annotations on the class are kept.
   */
  static String body(String source) {
    Matcher comment = COMMENT.matcher(source);
    if (!comment.find()) {
      throw new IllegalArgumentException("no class header (a /** ... */ comment before 'public final class')");
    }
    int afterHeader = source.indexOf("*/", comment.start()) + 2;
    return source.substring(afterHeader).strip() + "\n";
  }

  private static int firstOf(String text, String... marks) {
    int first = text.length();
    for (String mark : marks) {
      int at = text.indexOf(mark);
      if (at >= 0) {
        first = Math.min(first, at);
      }
    }
    return first;
  }

  /** The comment's text without the leading {@code " * "} of each line. */
  private static String unstar(String comment) {
    StringBuilder text = new StringBuilder();
    for (String line : comment.split("\n", -1)) {
      String stripped = line.stripLeading();
      if (stripped.startsWith("* ")) {
        stripped = stripped.substring(2);
      } else if (stripped.equals("*")) {
        stripped = "";
      }
      text.append(stripped).append('\n');
    }
    return text.toString().strip();
  }

  /** Javadoc's inline tags as HTML: {@code {@code x}} and {@code {@link X}} as {@code <code>}. */
  static String inline(String javadoc) {
    String html = javadoc.replaceAll("\\{@(?:code|literal) ([^{}]*)}", "<code>$1</code>");
    html = html.replaceAll("\\{@link(?:plain)? ([^{}\\s]+)(?: ([^{}]*))?}", "<code>$1</code>");
    return html.replaceAll("<code>([^<]*?)#([^<]*?)</code>", "<code>$1.$2</code>").replace("<code>.", "<code>");
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
