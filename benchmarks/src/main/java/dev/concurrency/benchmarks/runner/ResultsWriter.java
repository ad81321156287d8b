package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a run's TSV and Markdown into the results directory ({@code benchmarks/results/}, ignored by git): one
 * pair of files named by the run's UTC time, and {@code latest.tsv} / {@code latest.md} copies of the newest.
 *
 * <p>Stateless and thread-safe; two runs writing into one directory at the same second overwrite each other.
 */
public final class ResultsWriter {

  /** The TSV's first line. */
  public static final String HEADER = "system\tworkload\tmetric\tvalue\tunit";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ResultsWriter() {}

  /** The TSV text: the header, one line per figure, then the notes as {@code #} lines. */
  public static String tsv(RunResult result) {
    StringBuilder tsv = new StringBuilder(HEADER).append('\n');
    result.rows().forEach(row -> tsv.append(row.tsvLine()).append('\n'));
    result.notes().forEach(note -> tsv.append(note.line()).append('\n'));
    return tsv.toString();
  }

  /**
   * Writes the files and returns the paths of the TSV and the Markdown written.
   *
   * @throws IOException if the directory or a file cannot be written
   */
  public static List<Path> write(Path dir, RunResult result, Report report, Machine machine) throws IOException {
    requireNonNull(dir, "dir");
    Files.createDirectories(dir);
    String stamp = STAMP.format(machine.date());
    Path tsv = Files.writeString(dir.resolve(stamp + ".tsv"), tsv(result), StandardCharsets.UTF_8);
    Path md = Files.writeString(dir.resolve(stamp + ".md"), report.markdown(), StandardCharsets.UTF_8);
    Files.copy(tsv, dir.resolve("latest.tsv"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(md, dir.resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
    return List.of(tsv, md);
  }
}
