package dev.concurrency.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the broken links of a static site: every {@code href} and {@code src} of every HTML file that points
 * inside the site must name a file that exists and, after a {@code #}, an element of that file with that
 * {@code id} (or {@code name}). Links out of the site ({@code http:}, {@code https:}, {@code mailto:}) are not
 * followed: the reference has to work without a network.
 *
 * <p>Not thread-safe; use one instance per check.
 */
final class LinkCheck {

  private static final Pattern LINK = Pattern.compile("\\s(?:href|src)=\"([^\"]*)\"");
  private static final Pattern ANCHOR = Pattern.compile("\\s(?:id|name)=\"([^\"]*)\"");

  private final Path site;
  private final Map<Path, Set<String>> anchors = new HashMap<>();
  private int checked;

  private LinkCheck(Path site) {
    this.site = site.toAbsolutePath().normalize();
  }

  /**
   * The broken links under {@code site}, each as {@code page: link (why)}; empty when none is broken.
   *
   * @throws UncheckedIOException if a file cannot be read
   */
  static Result check(Path site) {
    LinkCheck check = new LinkCheck(site);
    List<String> broken = new ArrayList<>();
    try (Stream<Path> files = Files.walk(check.site)) {
      for (Path page : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
        broken.addAll(check.page(page));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(check.checked, List.copyOf(broken));
  }

  /**
   * What a check found.
   *
   * @param checked how many links inside the site were followed
   * @param broken the broken ones
   */
  record Result(int checked, List<String> broken) {}

  private List<String> page(Path page) throws IOException {
    List<String> broken = new ArrayList<>();
    Matcher link = LINK.matcher(Files.readString(page));
    while (link.find()) {
      String target = link.group(1);
      if (target.isEmpty() || target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
        continue; // http:, https:, mailto:, javascript:, data: are outside the site
      }
      checked++;
      String problem = follow(page, target);
      if (problem != null) {
        broken.add(site.relativize(page) + ": " + target + " (" + problem + ")");
      }
    }
    return broken;
  }

  private String follow(Path page, String target) throws IOException {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    Path file = path.isEmpty() ? page : page.resolveSibling(decode(path)).normalize();
    if (!file.startsWith(site)) {
      return "outside the site";
    }
    if (!Files.isRegularFile(file)) {
      return Files.isDirectory(file) ? "a folder, not a page" : "no such file";
    }
    if (hash >= 0 && hash < target.length() - 1 && file.toString().endsWith(".html")) {
      String fragment = decode(target.substring(hash + 1));
      if (!anchorsOf(file).contains(fragment)) {
        return "no element with id '" + fragment + "' in " + site.relativize(file);
      }
    }
    return null;
  }

  private Set<String> anchorsOf(Path file) throws IOException {
    Set<String> known = anchors.get(file);
    if (known == null) {
      known = new HashSet<>();
      Matcher anchor = ANCHOR.matcher(Files.readString(file));
      while (anchor.find()) {
        known.add(decode(anchor.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")));
      }
      anchors.put(file, known);
    }
    return known;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
