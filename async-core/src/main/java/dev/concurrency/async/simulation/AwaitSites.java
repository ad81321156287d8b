package dev.concurrency.async.simulation;

import dev.concurrency.async.EventLoop;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Says where a task awaits, from its stack: the library call it awaits in ({@code AsyncLock.acquire}) and the
 * first frame of the caller's own code ({@code Bank.transfer(Bank.java:42)}). A frame is "library" when its
 * class comes from the same place as async-core's own classes (the same jar or class directory), so tests and
 * applications in any package count as the caller's code.
 *
 * <p>Thread-safe: the classification cache is a concurrent map.
 */
final class AwaitSites {

  private static final @Nullable CodeSource LIBRARY = EventLoop.class.getProtectionDomain().getCodeSource();
  private static final Map<String, Boolean> IS_LIBRARY = new ConcurrentHashMap<>();

  private AwaitSites() {}

  /** "awaits AsyncLock.acquire (Bank.java:42)", or "awaits" when no frame is the caller's. */
  static String describe(List<StackTraceElement> stack) {
    for (int i = 0; i < stack.size(); i++) {
      StackTraceElement frame = stack.get(i);
      if (!isLibrary(frame.getClassName())) {
        String where = " (" + fileAndLine(frame) + ")";
        if (i > 0) {
          StackTraceElement api = stack.get(i - 1);
          return "awaits " + simpleName(api.getClassName()) + "." + api.getMethodName() + where;
        }
        return "awaits" + where;
      }
    }
    return "awaits";
  }

  /** {@code File.java:12}: no package, module or class loader (they vary by JVM), no synthetic lambda name. */
  static String fileAndLine(StackTraceElement frame) {
    String file = frame.getFileName();
    String line = frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "";
    return (file == null ? simpleName(frame.getClassName()) : file) + line;
  }

  static String simpleName(String className) {
    String name = className.substring(className.lastIndexOf('.') + 1);
    int lambda = name.indexOf("$$Lambda");
    return lambda < 0 ? name : name.substring(0, lambda) + " lambda";
  }

  private static boolean isLibrary(String className) {
    if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")) {
      return true;
    }
    if (!className.startsWith("dev.concurrency.async.")) {
      return false;
    }
    int lambda = className.indexOf("$$Lambda"); // a hidden class: classify the class that declared the lambda
    return IS_LIBRARY.computeIfAbsent(
        lambda < 0 ? className : className.substring(0, lambda), AwaitSites::loadedFromLibrary);
  }

  private static boolean loadedFromLibrary(String className) {
    try {
      Class<?> c = Class.forName(className, /* initialize= */ false, EventLoop.class.getClassLoader());
      return Objects.equals(c.getProtectionDomain().getCodeSource(), LIBRARY);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
