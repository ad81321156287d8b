package dev.concurrency.examples.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file: each with its language, its lines (without the fence's indentation)
 * and the HTML comment on the nearest non-blank line above it, if any, which says where the block comes from
 * ({@code <!-- snippet: path#region -->}) or what checks it ({@code <!-- copy-dependencies ... -->}).
 */
final class ReadmeBlocks {

  private static final Pattern OPEN = Pattern.compile("^(\\s*)```(\\w*)\\s*$");
  private static final Pattern CLOSE = Pattern.compile("^\\s*```\\s*$");
  private static final Pattern COMMENT = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");

  /**
   * One block.
   *
   * @param open the index of its opening fence line in the file (0-based)
   * @param close the index of its closing fence line
   * @param indent the fence's indentation, removed from the lines
   * @param language what follows the opening fence, empty for none
   * @param lines the block's lines
   * @param marker the comment above the block, without {@code <!--} and {@code -->}
   */
  record Block(int open, int close, String indent, String language, List<String> lines, Optional<String> marker) {

    /** The 1-based line number of the opening fence, for messages. */
    int lineNumber() {
      return open + 1;
    }
  }

  private ReadmeBlocks() {}

  /**
   * The blocks of a file's lines, in order.
   *
   * @throws IllegalArgumentException if a block is never closed, naming its line
   */
  static List<Block> of(List<String> file) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < file.size(); i++) {
      Matcher open = OPEN.matcher(file.get(i));
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      int close = i + 1;
      while (close < file.size() && !CLOSE.matcher(file.get(close)).matches()) {
        close++;
      }
      if (close == file.size()) {
        throw new IllegalArgumentException("line " + (i + 1) + ": a code block that is never closed");
      }
      List<String> lines = new ArrayList<>();
      for (String line : file.subList(i + 1, close)) {
        lines.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
      }
      blocks.add(new Block(i, close, indent, open.group(2), List.copyOf(lines), markerAbove(file, i)));
      i = close;
    }
    return blocks;
  }

  private static Optional<String> markerAbove(List<String> file, int fence) {
    for (int i = fence - 1; i >= 0; i--) {
      if (!file.get(i).isBlank()) {
        Matcher comment = COMMENT.matcher(file.get(i));
        return comment.matches() ? Optional.of(comment.group(1)) : Optional.empty();
      }
    }
    return Optional.empty();
  }
}
