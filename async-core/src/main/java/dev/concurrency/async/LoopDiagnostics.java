package dev.concurrency.async;

import java.util.function.Consumer;

/**
 * The loop's default reporting: the logging exception handler, the logging watchdog reporter, and the "where
 * did this slow task step end" stack of debug mode.
 */
final class LoopDiagnostics {

  private LoopDiagnostics() {}

  /** Loaded on first use: initialising the JDK's logging costs tens of milliseconds at start-up. */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
  }

  static System.Logger log() {
    return Log.LOG;
  }

  /** The default exception handler, as a constant (a method reference would cost a lambda at start-up). */
  enum DefaultHandler implements ExceptionHandler {
    INSTANCE;

    @Override
    public void handle(EventLoop loop, ErrorContext context) {
      EventLoop.defaultExceptionHandler(loop, context);
    }
  }

  /** The default watchdog reporter: a warning through {@link System.Logger}. */
  enum LoggingReporter implements Consumer<BlockedLoop> {
    INSTANCE;

    @Override
    public void accept(BlockedLoop report) {
      log().log(System.Logger.Level.WARNING, report.toString());
    }
  }

  /** The stack below the loop's own frames: the user code whose step just ended. */
  static String stepEnd(StackTraceElement[] stack) {
    StringBuilder s = new StringBuilder("; the step ended at:");
    boolean inUserCode = false;
    for (StackTraceElement e : stack) {
      inUserCode |= !isLoopFrame(e.getClassName());
      if (inUserCode) {
        s.append("\n\tat ").append(e);
      }
    }
    return s.toString();
  }

  private static boolean isLoopFrame(String className) {
    if (className.startsWith("java.")) {
      return true;
    }
    int dollar = className.indexOf('$');
    String outer = dollar < 0 ? className : className.substring(0, dollar);
    return switch (outer) {
      case "dev.concurrency.async.EventLoop", "dev.concurrency.async.AsyncTask", "dev.concurrency.async.AsyncFuture",
          "dev.concurrency.async.AsyncIO", "dev.concurrency.async.Waiting", "dev.concurrency.async.Timeout",
          "dev.concurrency.async.TaskGroup" -> true;
      default -> false;
    };
  }
}
