package dev.concurrency.inspect;

import static java.util.Objects.requireNonNull;

import dev.concurrency.inspect.TaskTree.CycleFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * {@code ps} and {@code pstree} for a running JVM: the tasks of its event loops (what each awaits, who awaits it)
 * and the workers of its thread and process pools, read from outside by process id. The analogue of {@code python
 * -m asyncio ps PID} and {@code pstree PID} (3.14).
 *
 * <pre>
 * ./examples.sh ps PID              # through the examples launcher
 * ./examples.sh pstree PID
 * java -jar inspect/target/inspect-0.1.0-SNAPSHOT.jar ps PID
 * </pre>
 *
 * <p>Commands:
 *
 * <ul>
 *   <li>{@code ps [--retries N] PID}: one row per task and awaiter, as upstream's table, then each pool's workers.
 *   <li>{@code pstree [--retries N] PID}: each loop's await graph as a tree, then each pool as a tree of workers. A
 *       cycle in the await graph has no tree: the cycles are printed to standard error and the exit status is 1.
 *   <li>{@code graph [--retries N] PID}: every task's call graph as {@code CallGraphs.printCallGraph} prints it.
 *   <li>{@code list}: the JVMs on this machine that can be attached to.
 * </ul>
 *
 * <p>The target JVM needs nothing set up: every loop and pool registers a platform MXBean by itself (a loop about a
 * second after it starts; {@code --retries N} waits up to N more seconds for one to appear). The tool attaches with
 * the Attach API and reads the MXBeans through the JVM's local JMX connector (see {@code Jvm}); it runs no code in
 * the target beyond what the JDK's management agent does. Exit status: 0, 1 if the JVM could not be read or the
 * tree has cycles, 2 for a command line it does not understand.
 *
 * <p>Instances are not thread-safe; each serves one command line.
 */
public final class Inspect {

  /** Exit status: done. */
  public static final int OK = 0;

  /** Exit status: the JVM could not be read, or pstree found cycles. */
  public static final int FAILED = 1;

  /** Exit status: the command line was not understood. */
  public static final int USAGE = 2;

  private static final String HELP =
      """
      Usage: inspect COMMAND [--retries N] PID
        ps PID       every task of every event loop in JVM PID, as a table (python -m asyncio ps PID), then the
                     workers of its thread and process pools
        pstree PID   the await graph as a tree (python -m asyncio pstree PID), then each pool's workers
        graph PID    every task's call graph, as CallGraphs.printCallGraph prints it
        list         the JVMs on this machine that can be inspected
      --retries N    if nothing is registered yet (a loop registers about a second after it starts), try again
                     once a second, up to N times""";

  private final PrintStream out;
  private final PrintStream err;

  private Inspect(PrintStream out, PrintStream err) {
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the command line: a command and its arguments
   */
  public static void main(String[] args) {
    int status = run(List.of(args), System.out, System.err);
    System.out.flush();
    System.exit(status);
  }

  /**
   * Runs a command line, printing to {@code out} and {@code err}, and returns the exit status.
   *
   * @param args the command line: a command and its arguments
   * @param out where results go
   * @param err where errors and usage go
   * @return {@link #OK}, {@link #FAILED} or {@link #USAGE}
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    return new Inspect(out, err).execute(List.copyOf(args));
  }

  private int execute(List<String> args) {
    if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
      (args.isEmpty() ? err : out).println(HELP);
      return args.isEmpty() ? USAGE : OK;
    }
    String command = args.get(0);
    if (command.equals("list")) {
      Jvm.list().forEach(vm -> out.println(vm.id() + "  " + vm.displayName()));
      return OK;
    }
    if (!List.of("ps", "pstree", "graph").contains(command)) {
      return usage("unknown command '" + command + "'");
    }
    List<String> rest = new ArrayList<>(args.subList(1, args.size()));
    int retries = 0;
    int at = rest.indexOf("--retries");
    if (at >= 0) {
      if (at + 1 >= rest.size() || !rest.get(at + 1).matches("\\d{1,4}")) {
        return usage("--retries needs a count after it, from 0 to 9999");
      }
      retries = Integer.parseInt(rest.get(at + 1));
      rest.subList(at, at + 2).clear();
    }
    if (rest.size() != 1 || !rest.get(0).matches("\\d{1,19}")) {
      return usage(command + " needs one process id, a number, as in: " + command + " 12345");
    }
    long pid = Long.parseLong(rest.get(0));
    try (Jvm jvm = Jvm.attach(pid)) {
      JvmState state = JvmState.read(jvm.server());
      for (int i = 0; i < retries && state.loops().isEmpty() && state.pools().isEmpty(); i++) {
        TimeUnit.SECONDS.sleep(1);
        state = JvmState.read(jvm.server());
      }
      if (state.loops().isEmpty() && state.pools().isEmpty()) {
        err.println("JVM " + pid + " has no event loop or pool registered yet (a loop registers about a second"
            + " after it starts): try again, or pass --retries 3");
      }
      return switch (command) {
        case "ps" -> print(TaskTable.render(state));
        case "pstree" -> tree(state);
        default -> graphs(jvm);
      };
    } catch (IOException | JMException e) {
      err.println("Error retrieving tasks of JVM " + pid + ": " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return FAILED;
    }
  }

  private int tree(JvmState state) {
    try {
      return print(TaskTree.render(state));
    } catch (CycleFoundException e) {
      err.println("ERROR: await-graph contains cycles - cannot print a tree!");
      err.println();
      for (List<String> cycle : e.cycles()) {
        err.println("cycle: " + String.join(" → ", cycle));
      }
      return FAILED;
    }
  }

  private int graphs(Jvm jvm) throws IOException, JMException {
    for (ObjectName name : jvm.server().queryNames(new ObjectName(JvmState.LOOPS), null)) {
      out.println(name.getKeyProperty("name") + ":");
      out.println(jvm.server().invoke(name, "formatCallGraphs", new Object[0], new String[0]));
      out.println();
    }
    return OK;
  }

  private int print(List<String> lines) {
    lines.forEach(out::println);
    return OK;
  }

  private int usage(String problem) {
    err.println(problem);
    err.println(HELP);
    return USAGE;
  }
}
