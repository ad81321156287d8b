package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a run's rows into the tables people read: every system's figures side by side, and the project's
 * advantage over each peer as a ratio, with the direction that is better spelled out.
 *
 * <p>The ratio column reads "how many times better the project is": for a rate it is project / peer, for a time
 * peer / project, so above 1 always means the project wins and below 1 that the peer does. Ratios are what to
 * quote: these machines are shared and noisy, absolute figures drift between runs while ratios from one run hold.
 *
 * <p>Immutable and thread-safe.
 */
public final class Report {

  /** The system whose advantage the ratio table shows. */
  public static final String PROJECT = "project";

  private final RunResult result;
  private final Machine machine;
  private final String command;

  /** A report of one run, on one machine, started by the given command. */
  public Report(RunResult result, Machine machine, String command) {
    this.result = requireNonNull(result, "result");
    this.machine = requireNonNull(machine, "machine");
    this.command = requireNonNull(command, "command");
  }

  /** The whole report as Markdown: header, systems, figures, ratios, notes. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("## Benchmarks, ").append(machine.date()).append("\n\n");
    md.append("- Machine: ").append(machine.describe()).append('\n');
    md.append("- Command: `").append(command).append("`\n\n");
    md.append(systemsTable()).append('\n');
    md.append("### Figures\n\n").append(figuresTable()).append('\n');
    md.append("### Project against each peer\n\n").append(ratioTable()).append('\n');
    if (!result.notes().isEmpty()) {
      md.append("### Notes\n\n");
      result.notes().forEach(note -> md.append("- ").append(note.line().substring(2)).append('\n'));
    }
    return md.toString();
  }

  /** Each selected system with its version, or why it is missing. */
  String systemsTable() {
    StringBuilder md = new StringBuilder("| system | version |\n| --- | --- |\n");
    result.availability().forEach((system, availability) -> md.append("| `").append(system).append("` | ")
        .append(switch (availability) {
          case Availability.Available available -> available.version();
          case Availability.Missing missing -> "**missing**: " + missing.reason();
        })
        .append(" |\n"));
    return md.toString();
  }

  /**
   * One table per family of workloads (E, T, P, S): a row per (workload, metric), a column per system that
   * measured anything in that family, so no table is wider than the systems that compete in it.
   */
  String figuresTable() {
    Map<Key, Map<String, Row>> byKey = byKey();
    if (byKey.isEmpty()) {
      return "No figures in this run.\n";
    }
    Map<String, Map<Key, Map<String, Row>>> families = new LinkedHashMap<>();
    byKey.forEach((key, rows) ->
        families.computeIfAbsent(family(key.workload()), f -> new LinkedHashMap<>()).put(key, rows));
    StringBuilder md = new StringBuilder();
    families.values().forEach(family -> md.append(md.isEmpty() ? "" : "\n").append(familyTable(family)));
    return md.toString();
  }

  private String familyTable(Map<Key, Map<String, Row>> family) {
    List<String> systems = new ArrayList<>(systemsWithRows());
    systems.removeIf(system -> family.values().stream().noneMatch(rows -> rows.containsKey(system)));
    StringBuilder md = new StringBuilder("| workload | metric | unit | better |");
    systems.forEach(system -> md.append(" `").append(system).append("` |"));
    md.append("\n| --- | --- | --- | --- |").append(" ---: |".repeat(systems.size())).append('\n');
    for (Map.Entry<Key, Map<String, Row>> entry : family.entrySet()) {
      Key key = entry.getKey();
      Row any = entry.getValue().values().iterator().next();
      md.append("| ").append(key.workload()).append(" | ").append(key.metric()).append(" | ")
          .append(any.figure().unit()).append(" | ").append(Direction.of(key.metric()).word()).append(" |");
      for (String system : systems) {
        Row row = entry.getValue().get(system);
        md.append(' ').append(row == null ? "" : human(row.figure().value())).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** A workload's family: its name up to the first digit ({@code E} for {@code E1_spawn_gather}). */
  static String family(String workload) {
    int digit = 0;
    while (digit < workload.length() && !Character.isDigit(workload.charAt(digit))) {
      digit++;
    }
    return workload.substring(0, digit);
  }

  /**
   * The project's advantage over each peer, per (workload, metric) that the project and at least one peer
   * measured; one table per family of workloads, with the peers of that family only.
   */
  String ratioTable() {
    List<String> systems = systemsWithRows();
    if (!systems.contains(PROJECT)) {
      return "No figures from `project` in this run, so no ratios: run it with `--system project,...` once its "
          + "modules register workloads.\n";
    }
    Map<String, Map<Key, Map<String, Row>>> families = new LinkedHashMap<>();
    byKey().forEach((key, rows) -> {
      if (rows.containsKey(PROJECT) && rows.size() > 1) {
        families.computeIfAbsent(family(key.workload()), f -> new LinkedHashMap<>()).put(key, rows);
      }
    });
    if (families.isEmpty()) {
      return "No peer measured what `project` measured in this run, so no ratios.\n";
    }
    StringBuilder md = new StringBuilder("Each cell: how many times better `project` is than the peer (above 1: "
        + "project better; for rates project / peer, for times peer / project).\n");
    for (Map<Key, Map<String, Row>> family : families.values()) {
      List<String> peers = new ArrayList<>(systems);
      peers.remove(PROJECT);
      peers.removeIf(peer -> family.values().stream().noneMatch(rows -> rows.containsKey(peer)));
      md.append("\n| workload | metric | better |");
      peers.forEach(peer -> md.append(" vs `").append(peer).append("` |"));
      md.append("\n| --- | --- | --- |").append(" ---: |".repeat(peers.size())).append('\n');
      family.forEach((key, rows) -> {
        Direction direction = Direction.of(key.metric());
        md.append("| ").append(key.workload()).append(" | ").append(key.metric()).append(" | ")
            .append(direction.word()).append(" |");
        peers.forEach(peer -> md.append(' ').append(ratio(direction, rows.get(PROJECT), rows.get(peer))).append(" |"));
        md.append('\n');
      });
    }
    return md.toString();
  }

  /** The advantage as text: {@code 2.35x}, or empty when the peer has no such figure. */
  static String ratio(Direction direction, Row project, Row peer) {
    return Optional.ofNullable(peer)
        .map(p -> direction.advantage(project.figure().value(), p.figure().value()))
        .map(r -> Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r))
        .orElse("");
  }

  /** Numbers for people: thousands separated at 100 and above, three significant digits below. */
  static String human(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
    if (Math.abs(value) >= 100) {
      return new DecimalFormat("#,##0", symbols).format(value);
    }
    return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private List<String> systemsWithRows() {
    Set<String> systems = new LinkedHashSet<>();
    if (result.rows().stream().anyMatch(row -> row.system().equals(PROJECT))) {
      systems.add(PROJECT);
    }
    result.availability().keySet().stream()
        .filter(system -> result.rows().stream().anyMatch(row -> row.system().equals(system)))
        .forEach(systems::add);
    result.rows().forEach(row -> systems.add(row.system()));
    return new ArrayList<>(systems);
  }

  private Map<Key, Map<String, Row>> byKey() {
    List<String> workloads = WorkloadNames.ordered(result.rows().stream().map(Row::workload).toList());
    Map<Key, Map<String, Row>> table = new LinkedHashMap<>();
    for (String workload : workloads) {
      for (Row row : result.rows()) {
        if (row.workload().equals(workload)) {
          table.computeIfAbsent(new Key(workload, row.figure().metric()), k -> new LinkedHashMap<>())
              .put(row.system(), row);
        }
      }
    }
    return table;
  }

  private record Key(String workload, String metric) {}
}
