package dev.concurrency.processes.internal;

import java.util.List;

/**
 * Matches a class against allowlist patterns written in {@link java.io.ObjectInputFilter.Config#createFilter}
 * syntax ({@code com.example.Point}, {@code com.example.*}, {@code com.example.**}, {@code com.example.Po*},
 * each optionally prefixed by {@code module/}), without that class.
 *
 * <p>Why not the JDK's: touching {@code ObjectInputFilter.Config} initializes the JVM-wide serial filter
 * configuration, which looks up a {@link System.Logger} and so scans the class path for a logger service; a cold
 * child that runs a task without deserializing anything ({@link StaticCall}) would pay about 20 ms for it.
 * {@code ClassPatternsTest} checks that both agree. Immutable and thread-safe.
 */
final class ClassPatterns {

  private final List<String> patterns;

  /** @param patterns the class patterns (limits such as {@code maxbytes=} and {@code !} rejections are not) */
  ClassPatterns(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** The patterns, as a list's text: {@code [java.lang.*, com.example.**]}. */
  @Override
  public String toString() {
    return patterns.toString();
  }

  /** Whether some pattern matches {@code type}. */
  boolean allows(Class<?> type) {
    for (String pattern : patterns) {
      if (matches(pattern, type)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, Class<?> type) {
    int slash = pattern.indexOf('/');
    if (slash >= 0) {
      String module = type.getModule().getName();
      if (!pattern.substring(0, slash).equals(module)) {
        return false;
      }
      pattern = pattern.substring(slash + 1);
    }
    String name = type.getName();
    if (pattern.endsWith(".**")) {
      return name.startsWith(pattern.substring(0, pattern.length() - 2));
    }
    if (pattern.endsWith(".*")) {
      String packagePrefix = pattern.substring(0, pattern.length() - 1);
      return name.startsWith(packagePrefix) && name.indexOf('.', packagePrefix.length()) < 0;
    }
    if (pattern.endsWith("*")) {
      return name.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return name.equals(pattern);
  }
}
