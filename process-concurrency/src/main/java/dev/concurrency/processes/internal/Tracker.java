package dev.concurrency.processes.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who removes the shared-memory segments nobody unlinked: the analogue of Python's resource tracker.
 *
 * <p>A tree of processes shares one tracker, its root: the first JVM, which hands its identity (pid and start
 * time) to every child through the {@value #ENVIRONMENT} environment variable, and the children hand it on. A
 * tracked segment records the tracker in its header (see {@link Segment}). When the root exits normally it waits
 * for its children (as {@code ChildRegistry} does) and then removes every segment it tracks, printing the names
 * of the {@code SharedMemory} segments the program created and never unlinked, as Python's resource tracker
 * warns of "leaked shared_memory objects". A root killed outright runs no hook: then the next JVM of the same
 * user that creates a segment removes the segments whose tracker is gone.
 *
 * <p>Thread-safe.
 */
public final class Tracker {

  /** The environment variable that names the tracker to a child: {@code pid:start} (see {@link Liveness#startMark}). */
  public static final String ENVIRONMENT = "DEV_CONCURRENCY_TRACKER";

  /** How long the root's exit waits for its children before it removes the segments they may still use. */
  static final Duration CHILDREN_WAIT = Duration.ofSeconds(ChildRegistry.NON_DAEMON_WAIT_SECONDS + 5);

  private static final long[] IDENTITY = identity();

  private static final AtomicBoolean EXIT_SWEEP = new AtomicBoolean();

  private static final AtomicBoolean STALE_SWEEP = new AtomicBoolean();

  /** Whether this JVM started a child: only then does its exit wait for children (ChildRegistry is loaded). */
  private static volatile boolean startedChildren;

  private Tracker() {}

  /** The tracker's pid: this JVM's if it is the root. */
  public static long pid() {
    return IDENTITY[0];
  }

  /** The tracker's start ({@link Liveness#startMark}). */
  public static long start() {
    return IDENTITY[1];
  }

  /** Whether this JVM is the root of its tree, the one that removes leftovers at exit. */
  public static boolean isRoot() {
    return pid() == Liveness.SELF_PID;
  }

  /** The value a child's {@value #ENVIRONMENT} takes; makes sure the root's exit sweep will run. */
  public static String childEnvironment() {
    startedChildren = true;
    ensureExitSweep();
    return pid() + ":" + start();
  }

  private static long[] identity() {
    String inherited = System.getenv(ENVIRONMENT);
    if (inherited != null) {
      String[] parts = inherited.split(":");
      try {
        long pid = Long.parseLong(parts[0]);
        long start = Long.parseLong(parts[1]);
        if (pid > 0 && Liveness.isAlive(pid, start)) {
          return new long[] {pid, start};
        }
      } catch (RuntimeException e) {
        // not ours, or garbled: this JVM tracks its own
      }
    }
    return new long[] {Liveness.SELF_PID, Liveness.SELF_START};
  }

  /** Called when a tracked segment is made: the root's exit sweep, and once per JVM a sweep of stale segments. */
  static void segmentCreated() {
    ensureExitSweep();
    if (STALE_SWEEP.compareAndSet(false, true)) {
      removeStale();
    }
  }

  private static void ensureExitSweep() {
    if (isRoot() && EXIT_SWEEP.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(Tracker::sweepAtExit, "process-concurrency-tracker"));
    }
  }

  private static void sweepAtExit() {
    if (startedChildren) {
      awaitChildren();
    }
    List<String> leaked = new ArrayList<>();
    forEachSegment((file, header) -> {
      if (header.trackerPid() == pid() && header.trackerStart() == start()) {
        delete(file);
        if (header.kind() == Segment.Kind.USER) {
          leaked.add(file.getFileName().toString());
        }
      }
    });
    if (!leaked.isEmpty()) {
      System.err.println("process-concurrency: there appear to be " + leaked.size() + " leaked shared_memory objects"
          + " to clean up at shutdown: " + leaked + " (created and never unlinked; removed now)");
    }
  }

  /** Waits, bounded, until this JVM's children are gone: they may map the segments about to be removed. */
  private static void awaitChildren() {
    long deadline = System.nanoTime() + CHILDREN_WAIT.toNanos();
    while (ChildRegistry.liveCount() > 0 && System.nanoTime() < deadline) {
      try {
        // Real time: this is a shutdown hook, and the children's exits are registered by other threads of this
        // dying JVM; there is nothing to wait on but the registry's count.
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * A child of this JVM is gone: removes the half-made segment files it may have left (a process killed while it
   * created a segment). Its whole segments stay: another process may use them; the tracker removes them at exit.
   */
  public static void childExited(long pid) {
    String prefix = ".tmp-" + pid + "-";
    forEachFile(file -> {
      if (file.getFileName().toString().startsWith(prefix)) {
        delete(file);
      }
    });
  }

  /** Removes segments whose tracker is dead, and half-made ones of dead creators. */
  static void removeStale() {
    forEachFile(file -> {
      String name = file.getFileName().toString();
      if (name.endsWith(".spill")) {
        Path segment = file.resolveSibling(name.substring(0, name.length() - ".spill".length()));
        if (!Files.exists(segment)) {
          PrivateDirectories.deleteRecursively(file); // a queue's large items, whose queue is gone
        }
        return;
      }
      if (name.startsWith(".tmp-")) {
        long creator = parsePid(name.substring(".tmp-".length()));
        if (creator > 0 && !Liveness.isAlive(creator)) {
          delete(file);
        }
        return;
      }
      Segment.readHeader(file).ifPresent(header -> {
        if (header.trackerPid() != 0 && !Liveness.isAlive(header.trackerPid(), header.trackerStart())) {
          delete(file);
        }
      });
    });
  }

  private static long parsePid(String rest) {
    int dash = rest.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private interface SegmentAction {
    void accept(Path file, Segment.Header header);
  }

  private interface FileAction {
    void accept(Path file);
  }

  private static void forEachSegment(SegmentAction action) {
    forEachFile(file -> Segment.readHeader(file).ifPresent(header -> action.accept(file, header)));
  }

  private static void forEachFile(FileAction action) {
    for (Path directory : List.of(SegmentNames.userDirectory(), SegmentNames.internalDirectory())) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
        for (Path file : files) {
          action.accept(file);
        }
      } catch (IOException e) {
        // the directory is gone or unreadable: nothing of ours to sweep there
      }
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
      PrivateDirectories.deleteRecursively(QueueRing.spillDirectory(file));
    } catch (IOException | java.io.UncheckedIOException e) {
      // in use (Windows keeps a mapped file) or gone: the next sweep tries again
    }
  }
}
