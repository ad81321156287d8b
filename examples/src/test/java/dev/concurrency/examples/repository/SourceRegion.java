package dev.concurrency.examples.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A region of a compiled source file, marked the way Javadoc's {@code {@snippet}} marks one: a line holding
 * {@code @start region="name"} (in a {@code //} or an XML comment) opens it, the next line holding {@code @end}
 * closes it, and neither marker line is part of it. A README block names its source as {@code path#name}, or
 * {@code path#first+second} for regions shown one after another. The text is dedented as a whole.
 */
record SourceRegion(Path file, List<String> names) {

  private static final Pattern START = Pattern.compile("@start region=\"([^\"]+)\"");
  private static final Pattern END = Pattern.compile("(//|<!--)\\s*@end\\b");

  /**
   * Parses {@code path#name} or {@code path#first+second}, the path relative to the repository root.
   *
   * @throws IllegalArgumentException if there is no {@code #} or no name after it
   */
  static SourceRegion parse(Path root, String reference) {
    int hash = reference.lastIndexOf('#');
    if (hash < 1 || hash == reference.length() - 1) {
      throw new IllegalArgumentException("'" + reference + "' is not path#region");
    }
    return new SourceRegion(root.resolve(reference.substring(0, hash)), List.of(reference.substring(hash + 1).split("\\+")));
  }

  /**
   * The region's lines, dedented.
   *
   * @throws IllegalArgumentException if the file or a region is missing, naming it
   */
  List<String> lines() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no file " + file);
    }
    List<String> source;
    try {
      source = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> lines = new ArrayList<>();
    for (String name : names) {
      lines.addAll(region(source, name));
    }
    return dedent(lines);
  }

  private List<String> region(List<String> source, String name) {
    for (int i = 0; i < source.size(); i++) {
      Matcher start = START.matcher(source.get(i));
      if (start.find() && start.group(1).equals(name)) {
        List<String> region = new ArrayList<>();
        for (int j = i + 1; j < source.size(); j++) {
          if (END.matcher(source.get(j)).find()) {
            return region;
          }
          region.add(source.get(j));
        }
        throw new IllegalArgumentException("region '" + name + "' in " + file + " has no @end");
      }
    }
    throw new IllegalArgumentException("no region '" + name + "' in " + file);
  }

  private static List<String> dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(SourceRegion::indent).min().orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
