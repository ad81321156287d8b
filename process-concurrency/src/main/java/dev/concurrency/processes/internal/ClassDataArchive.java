package dev.concurrency.processes.internal;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The application class-data-sharing archive of the children started with one command line: the JVM options
 * that write it (the first child) or map it (the children after).
 *
 * <p>A child maps the archived classes (this module's, the serialization and lambda machinery, the task's)
 * instead of loading, verifying and linking them again: it measured a third less CPU to first answer here. The
 * first child with a given command writes the archive when it exits ({@code -XX:ArchiveClassesAtExit}, to a file
 * of its own, moved into place by this JVM once the child exited cleanly, so a half-written archive is never
 * used); while it runs, the others start without one. The archive is named after everything it depends on (the
 * {@code java} binary, the class path with each jar's size and time, the options), so a rebuilt jar gets a new
 * one. The JVM archives classes from jar files only: with a directory on the class path there is no archive.
 *
 * <p>Thread-safe.
 */
final class ClassDataArchive {

  /** Archives being written by a child of this JVM. */
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

  private static final AtomicLong WRITERS = new AtomicLong();

  /** Each command's archive, named once per JVM: naming it reads the size and time of every jar it uses. */
  private static final Map<JvmCommand, Optional<Path>> ARCHIVES = new ConcurrentHashMap<>();

  /**
   * What a child with this command line adds to its options.
   *
   * @param options the JVM options, possibly none
   * @param written what to do once the child exited with status 0 (move its archive into place), or null
   * @param failed what to do if it did not (drop its half of an archive), or null
   */
  record Plan(List<String> options, @Nullable Runnable written, @Nullable Runnable failed) {
    static final Plan NONE = new Plan(List.of(), null, null);
  }

  private ClassDataArchive() {}

  /** The plan for one child of {@code command}. */
  static Plan plan(JvmCommand command) {
    Path directory = command.archiveDirectory();
    if (directory == null) {
      return Plan.NONE;
    }
    Path archive = ARCHIVES.computeIfAbsent(command, c -> Optional.ofNullable(archiveFor(c, directory))).orElse(null);
    if (archive == null) {
      return Plan.NONE;
    }
    // The JVM's own messages about the archive (a stale one is ignored, and says so) are not the user's output.
    List<String> quiet = List.of("-Xlog:cds*=off", "-Xlog:class+path=off");
    if (Files.isRegularFile(archive)) {
      return new Plan(concat(quiet, "-XX:SharedArchiveFile=" + archive), null, null);
    }
    if (!WRITING.add(archive)) {
      return Plan.NONE; // another child is writing it
    }
    Path partial =
        archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "-" + WRITERS.incrementAndGet());
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      WRITING.remove(archive);
      return Plan.NONE; // no archive is only slower
    }
    Runnable written =
        () -> {
          try {
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (IOException e) {
            deleteQuietly(partial); // the next child will try again
          } finally {
            WRITING.remove(archive);
          }
        };
    Runnable failed =
        () -> {
          deleteQuietly(partial);
          WRITING.remove(archive);
        };
    return new Plan(concat(quiet, "-XX:ArchiveClassesAtExit=" + partial), written, failed);
  }

  /** The archive's path, or null if the class path holds anything but jar files. */
  static @Nullable Path archiveFor(JvmCommand command, Path directory) {
    Hasher key = Hashing.sha256().newHasher();
    key.putString(command.java().toString(), StandardCharsets.UTF_8);
    for (String entry : command.classPath().split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
        return null;
      }
      key.putString(jar.toAbsolutePath().toString(), StandardCharsets.UTF_8);
      try {
        key.putLong(Files.size(jar)).putLong(Files.getLastModifiedTime(jar).toMillis());
      } catch (IOException e) {
        return null;
      }
    }
    command.jvmOptions().forEach(option -> key.putString(option, StandardCharsets.UTF_8));
    return directory.resolve("children-" + key.hash().toString().substring(0, 16) + ".jsa");
  }

  private static List<String> concat(List<String> first, String last) {
    List<String> all = new ArrayList<>(first);
    all.add(last);
    return all;
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a stray temporary file: harmless, and named after this JVM's pid
    }
  }
}
