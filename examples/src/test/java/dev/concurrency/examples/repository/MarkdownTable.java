package dev.concurrency.examples.repository;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipe table of a Markdown file: its header cells and its body rows, each row with the line number it came from.
 * The separator row ({@code | --- | --- |}) is checked and dropped. A cell may hold an escaped pipe ({@code \|}).
 */
record MarkdownTable(int line, List<String> header, List<Row> rows) {

  /** One body row: its 1-based line number in the file, and its trimmed cells. */
  record Row(int line, List<String> cells) {}

  /** Whether {@code line} is part of a pipe table. */
  static boolean isTableLine(String line) {
    return line.stripLeading().startsWith("|");
  }

  /**
   * Parses the table that starts at {@code lines.get(start)} and runs while lines start with a pipe.
   *
   * @throws IllegalArgumentException if the second line is not a separator row, naming the line
   */
  static MarkdownTable parse(List<String> lines, int start) {
    List<String> header = cells(lines.get(start));
    int separator = start + 1;
    if (separator >= lines.size() || !cells(lines.get(separator)).stream().allMatch(c -> c.matches(":?-{3,}:?"))) {
      throw new IllegalArgumentException(
          "line " + (separator + 1) + ": a table's second line must be its separator row (| --- | --- |)");
    }
    List<Row> rows = new ArrayList<>();
    for (int i = separator + 1; i < lines.size() && isTableLine(lines.get(i)); i++) {
      rows.add(new Row(i + 1, cells(lines.get(i))));
    }
    return new MarkdownTable(start + 1, List.copyOf(header), List.copyOf(rows));
  }

  /** How many lines the table takes in the file: header, separator and rows. */
  int height() {
    return rows.size() + 2;
  }

  /** The cells of one table line, split on unescaped pipes, trimmed, without the empty edges. */
  static List<String> cells(String line) {
    String body = line.strip();
    if (body.startsWith("|")) {
      body = body.substring(1);
    }
    if (body.endsWith("|") && !body.endsWith("\\|")) {
      body = body.substring(0, body.length() - 1);
    }
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
        cell.append('|');
        i++;
      } else if (c == '|') {
        cells.add(cell.toString().strip());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString().strip());
    return cells;
  }
}
