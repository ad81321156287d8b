package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import org.apache.commons.lang3.Strings;
import dev.concurrency.benchmarks.workload.Scale;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the selected workloads on the selected systems, each (system, workload) in a fresh process, and collects
 * the figures.
 *
 * <p>Workloads run one after another, and for each workload every system runs before the next workload starts:
 * the machine's drift (other builds, thermal state) then touches all systems of one workload alike, which keeps
 * their ratios honest. Nothing runs in parallel; a benchmark that shares the cores with another is not measured.
 *
 * <p>Not thread-safe: one thread calls {@link #run}.
 */
public final class Runner {

  private final List<BenchSystem> systems;
  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream progress;

  /**
   * A runner over the given systems.
   *
   * @param systems every known system, in report order
   * @param launcher starts the fresh processes
   * @param out where TSV lines and notes go, as they are measured
   * @param progress where one progress line per (system, workload) goes
   */
  public Runner(List<BenchSystem> systems, Launcher launcher, PrintStream out, PrintStream progress) {
    this.systems = ImmutableList.copyOf(systems);
    this.launcher = requireNonNull(launcher, "launcher");
    this.out = requireNonNull(out, "out");
    this.progress = requireNonNull(progress, "progress");
  }

  /**
   * Runs what the options select.
   *
   * @throws IllegalArgumentException if the options name a system or workload that does not exist
   * @throws InterruptedException if interrupted while a child runs; the child is killed first
   */
  public RunResult run(Options options) throws InterruptedException {
    List<BenchSystem> selected = select(options.systems());
    Map<String, Availability> availability = new LinkedHashMap<>();
    List<Note> notes = new ArrayList<>();
    List<BenchSystem> runnable = new ArrayList<>();
    for (BenchSystem system : selected) {
      Availability found = system.availability();
      availability.put(system.name(), found);
      if (found instanceof Availability.Missing missing) {
        Note note = new Note.Missing(system.name(), missing.reason());
        notes.add(note);
        print(note);
      } else {
        runnable.add(system);
      }
    }
    List<String> workloads = workloads(runnable, options.workloads());
    List<Row> rows = new ArrayList<>();
    int total = 0;
    for (String workload : workloads) {
      total += (int) runnable.stream().filter(s -> s.workloads().contains(workload)).count();
    }
    int done = 0;
    for (String workload : workloads) {
      for (BenchSystem system : runnable) {
        if (system.workloads().contains(workload)) {
          done++;
          progress.printf("[%d/%d] %s on %s ...%n", done, total, workload, system.name());
          long start = System.nanoTime();
          int notesBefore = notes.size();
          List<Row> measured = runOne(system, workload, options.scale(), options.timeout(), notes);
          notes.subList(notesBefore, notes.size()).forEach(this::print);
          rows.addAll(measured);
          measured.forEach(row -> out.println(row.tsvLine()));
          out.flush();
          progress.printf(Locale.ROOT, "[%d/%d] %s on %s: %s in %.1f s%n", done, total, workload, system.name(),
              measured.isEmpty() ? "FAILED" : measured.size() + " figures", (System.nanoTime() - start) / 1e9);
        }
      }
    }
    return new RunResult(rows, notes, availability);
  }

  /**
   * Runs one workload of one system in a fresh process and reads its figures; on failure, adds a note to
   * {@code notes} (and prints nothing) and returns no rows.
   */
  List<Row> runOne(BenchSystem system, String workload, Scale scale, Duration timeout, List<Note> notes)
      throws InterruptedException {
    Launcher.Outcome outcome;
    try {
      outcome = launcher.run(system.command(workload, scale), timeout);
    } catch (IOException e) {
      notes.add(new Note.Failed(system.name(), workload, "could not start: " + e.getMessage()));
      return List.of();
    }
    if (outcome.timedOut()) {
      notes.add(new Note.Failed(system.name(), workload, "killed after " + timeout.toSeconds() + " s"));
      return List.of();
    }
    if (outcome.exitCode() != 0) {
      notes.add(new Note.Failed(system.name(), workload,
          "exit status " + outcome.exitCode() + ": "
              + Strings.CS.removeStart(outcome.reason(), system.name() + " " + workload + ": ")));
      return List.of();
    }
    List<Row> rows = new ArrayList<>();
    for (String line : outcome.stdout()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        Row row = Row.parseOnlyLine(system.name(), line);
        if (!row.workload().equals(workload)) {
          throw new IllegalArgumentException("asked for " + workload + ", got a line for " + row.workload());
        }
        rows.add(row);
      } catch (IllegalArgumentException e) {
        notes.add(new Note.Failed(system.name(), workload, e.getMessage()));
        return List.of();
      }
    }
    if (rows.isEmpty()) {
      notes.add(new Note.Failed(system.name(), workload, "printed no figures"));
    }
    return rows;
  }

  private void print(Note note) {
    out.println(note.line());
    out.flush();
    progress.println(note.line());
  }

  private List<BenchSystem> select(List<String> names) {
    if (names.isEmpty()) {
      return systems;
    }
    Set<String> wanted = new LinkedHashSet<>(names);
    List<BenchSystem> selected = systems.stream().filter(s -> wanted.contains(s.name())).toList();
    if (selected.size() != wanted.size()) {
      Set<String> unknown = new LinkedHashSet<>(wanted);
      selected.forEach(s -> unknown.remove(s.name()));
      throw new IllegalArgumentException("unknown system(s) " + unknown + "; the systems are " + names(systems));
    }
    return selected;
  }

  private List<String> workloads(List<BenchSystem> runnable, List<String> wanted) {
    Set<String> known = new LinkedHashSet<>();
    systems.forEach(s -> known.addAll(s.workloads()));
    for (String name : wanted) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown workload '" + name + "'; the workloads are "
            + WorkloadNames.ordered(known));
      }
    }
    Set<String> offered = new LinkedHashSet<>();
    runnable.forEach(s -> offered.addAll(s.workloads()));
    if (!wanted.isEmpty()) {
      offered.retainAll(wanted);
    }
    return WorkloadNames.ordered(offered);
  }

  private static List<String> names(List<BenchSystem> systems) {
    return systems.stream().map(BenchSystem::name).toList();
  }
}
