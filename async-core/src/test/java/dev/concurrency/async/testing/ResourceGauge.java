package dev.concurrency.async.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the soak tests measure about the JVM itself: open file descriptors ({@code /proc/self/fd}, Linux) and the
 * heap in use after a full collection.
 */
public final class ResourceGauge {

  private static final Path FDS = Path.of("/proc/self/fd");

  private ResourceGauge() {}

  /** Whether file descriptors can be counted here (Linux). */
  public static boolean canCountFds() {
    return Files.isDirectory(FDS);
  }

  /** How many file descriptors this process has open (the listing's own descriptor included, every time). */
  public static long openFds() {
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + FDS, e);
    }
  }

  /** The heap in use after asking for full collections until it stops shrinking (at most five). */
  public static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long used = rt.totalMemory() - rt.freeMemory();
      if (used >= best) {
        break;
      }
      best = used;
    }
    return best;
  }

  /** {@code bytes} in MiB, one decimal. */
  public static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
