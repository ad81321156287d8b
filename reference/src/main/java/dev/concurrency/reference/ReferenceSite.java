package dev.concurrency.reference;

import static dev.concurrency.reference.Html.escape;

import dev.concurrency.examples.Catalog;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the browsable HTML reference: an index, the aggregated Javadoc of the library modules ({@link ApiDocs}),
 * and a page per example group listing each example with its Python original, its Java source, its expected
 * output and its timeline picture ({@link Timelines}); then fails if a link inside the site is broken
 * ({@link LinkCheck}).
 *
 * <p>Run by the build ({@code ./mvnw -B package -DskipTests -pl reference -am}, and in every {@code verify}):
 * {@code java -cp ... dev.concurrency.reference.ReferenceSite <repository> <output folder> [--no-timelines]}.
 */
public final class ReferenceSite {

  private static final Pattern EXAMPLE_NAME = Pattern.compile("new Example\\(\\s*\"([^\"]+)\"");

  private final Path root;
  private final Path out;
  private final List<Example> examples = Catalog.standard().examples();

  private ReferenceSite(Path root, Path out) {
    this.root = root;
    this.out = out;
  }

  /**
   * Builds the reference into the output folder and exits with status 1 if a link is broken.
   *
   * @param args the repository's folder, the output folder, and {@code --no-timelines} to run no example
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ReferenceSite <repository folder> <output folder> [--no-timelines]");
      System.exit(2);
    }
    ReferenceSite site = new ReferenceSite(Path.of(args[0]).toAbsolutePath().normalize(), Path.of(args[1]).toAbsolutePath());
    boolean timelines = !List.of(args).contains("--no-timelines");
    site.build(timelines);
    LinkCheck.Result links = LinkCheck.check(site.out);
    if (!links.broken().isEmpty()) {
      System.err.println("reference: " + links.broken().size() + " broken links:");
      links.broken().forEach(b -> System.err.println("  " + b));
      System.exit(1);
    }
    System.out.println("reference: " + site.out.resolve("index.html") + " (" + links.checked() + " links checked, none"
        + " broken)");
    System.exit(0);
  }

  private void build(boolean runExamples) throws IOException, InterruptedException {
    deleteRecursively(out);
    Files.createDirectories(out.resolve("examples"));
    try (InputStream css = Objects.requireNonNull(ReferenceSite.class.getResourceAsStream("style.css"), "style.css")) {
      Files.copy(css, out.resolve("style.css"));
    }
    List<ApiDocs.LibraryModule> modules = ApiDocs.libraryModules(root);
    Path overview = out.resolve("overview.html");
    Files.writeString(overview, "<html><body>" + overviewText(modules) + "</body></html>");
    ApiDocs.build(modules, modulePath(), overview, out.resolve("api"));
    Files.delete(overview);

    Map<String, Timelines.Run> runs = Map.of();
    if (runExamples) {
      Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
      runs = new Timelines(java, System.getProperty("java.class.path"), out.resolve("timelines"))
          .runAll(examples.stream().map(Example::name).toList());
    }
    Map<String, Path> sources = exampleSources();
    for (Group group : Group.values()) {
      Files.writeString(out.resolve("examples/" + group.label() + ".html"), groupPage(group, sources, runs));
    }
    Files.writeString(out.resolve("index.html"), index(modules));
  }

  private String overviewText(List<ApiDocs.LibraryModule> modules) {
    StringBuilder text = new StringBuilder("<p>The Java reference implementation of Python-style asynchronous"
        + " programming and concurrency: one module per Python library, each depending on Guava only.</p><ul>");
    for (ApiDocs.LibraryModule module : modules) {
      text.append("<li><code>").append(module.name()).append("</code>: the <code>")
          .append(module.folder().getFileName()).append("</code> artifact</li>");
    }
    return text.append("</ul>").toString();
  }

  /** Guava and the annotation jars from this program's class path: what the library modules require. */
  private static List<Path> modulePath() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      if (name.endsWith(".jar") && Files.isRegularFile(path) && !path.toString().contains("/dev/concurrency/")) {
        jars.add(path);
      }
    }
    return jars;
  }

  /** Each example's source file, by the example's name (the file that constructs {@code new Example("name", ...)}). */
  private Map<String, Path> exampleSources() throws IOException {
    Map<String, Path> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(root.resolve("examples/src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher name = EXAMPLE_NAME.matcher(Files.readString(file));
        while (name.find()) {
          sources.put(name.group(1), file);
        }
      }
    }
    return sources;
  }

  private String groupPage(Group group, Map<String, Path> sources, Map<String, Timelines.Run> runs) throws IOException {
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(escape(group.label())).append("</h1>\n<p class=\"lead\">")
        .append(escape(group.description())).append("</p>\n<ol class=\"toc\">\n");
    for (Example example : inGroup(group)) {
      body.append("<li><a href=\"#").append(example.name()).append("\"><code>").append(example.name())
          .append("</code></a> ").append(escape(example.summary())).append("</li>\n");
    }
    body.append("</ol>\n");
    for (Example example : inGroup(group)) {
      Path source = sources.get(example.name());
      if (source == null) {
        throw new IllegalStateException("no source file constructs the example '" + example.name() + "'");
      }
      body.append(ExampleSection.html(number(example), example, source, root, runs.get(example.name())));
    }
    return Html.page(group.label() + " examples", "../", body.toString());
  }

  private List<Example> inGroup(Group group) {
    return examples.stream().filter(e -> e.group() == group).toList();
  }

  private int number(Example example) {
    return examples.indexOf(example) + 1;
  }

  private String index(List<ApiDocs.LibraryModule> modules) {
    StringBuilder body = new StringBuilder("""
        <h1>Python-style async and concurrency for Java</h1>
        <p class="lead">The Java reference implementation of Python's <code>asyncio</code>, <code>threading</code>,
        <code>concurrent.futures</code> and <code>multiprocessing</code>, with locks that report a deadlock before it
        happens and the timing model that explains when each helps. Each example below stands beside its Python
        original.</p>
        <h2 id="api">API</h2>
        <p><a href="api/index.html">The Javadoc of every library module</a>, with each package's overview:</p>
        <ul>
        """);
    for (ApiDocs.LibraryModule module : modules) {
      body.append("<li><a href=\"api/").append(module.name()).append("/module-summary.html\"><code>")
          .append(module.name()).append("</code></a> (artifact <code>").append(module.folder().getFileName())
          .append("</code>)</li>\n");
    }
    body.append("</ul>\n<h2 id=\"examples\">Examples</h2>\n");
    for (Group group : Group.values()) {
      List<Example> members = inGroup(group);
      body.append("<h3><a href=\"examples/").append(group.label()).append(".html\">").append(escape(group.label()))
          .append("</a></h3>\n<p>").append(escape(group.description())).append("</p>\n<ul class=\"examples\">\n");
      for (Example example : members) {
        body.append("<li><a href=\"examples/").append(group.label()).append(".html#").append(example.name())
            .append("\"><code>").append(example.name()).append("</code></a> <span class=\"seed\">seed ")
            .append(escape(example.section())).append("</span> ").append(escape(example.summary())).append("</li>\n");
      }
      body.append("</ul>\n");
    }
    return Html.page("Python-style async and concurrency for Java", "", body.toString());
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot clear " + folder, e);
        }
      }
    }
  }
}
