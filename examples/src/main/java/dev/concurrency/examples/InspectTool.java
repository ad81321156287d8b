package dev.concurrency.examples;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The {@code inspect} tool ({@code ps}, {@code pstree}, {@code graph} of a running JVM, as {@code python -m asyncio
 * ps PID}), called by its class name. It is a command-line tool, not a library module, and has no module
 * descriptor; this module reads named modules only, so it reaches the tool through the class path, where
 * {@code ./examples.sh} and the tests put it.
 *
 * <p>Stateless and thread-safe.
 */
public final class InspectTool {

  /** The tool's exit status for success ({@code Inspect.OK}). */
  public static final int OK = 0;

  /** The exit status when the tool is not on the class path or fails unexpectedly. */
  public static final int FAILED = 1;

  private static final String TOOL = "dev.concurrency.inspect.Inspect";

  private InspectTool() {}

  /**
   * Runs the tool as its command line would.
   *
   * @param args the command and its arguments, e.g. {@code pstree 1234}
   * @param out where the listing goes
   * @param err where errors go
   * @return the tool's exit status ({@link #OK} on success)
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Method run;
    try {
      run = Class.forName(TOOL).getMethod("run", List.class, PrintStream.class, PrintStream.class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      err.println("the inspect tool (" + TOOL + ") is not on the class path: run it through ./examples.sh, or put"
          + " inspect/target/inspect-*.jar on the class path (" + e + ")");
      return FAILED;
    }
    try {
      return (Integer) run.invoke(null, args, out, err);
    } catch (InvocationTargetException e) {
      // the tool's own failure, unwrapped so that it reads as if called directly
      if (e.getCause() instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(TOOL + ".run is not public: " + e, e);
    }
  }
}
