package dev.concurrency.processes.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where segments live and what they may be called: the {@code SharedMemory} segments users name in
 * {@code segments/} of the {@linkplain PrivateDirectories#sharedMemory() shared-memory directory}, this module's
 * own (heap arenas, queue buffers) in {@code internal/}, so that no user name can take one of them.
 *
 * <p>Stateless and thread-safe.
 */
public final class SegmentNames {

  /** The longest segment name, in bytes: room under every file system's 255. */
  public static final int MAX_NAME_BYTES = 200;

  /** The prefix of generated names, as Python's {@code psm_}. */
  public static final String GENERATED_PREFIX = "psm_";

  private SegmentNames() {}

  /** The directory of user segments. */
  public static Path userDirectory() {
    return Directories.USER;
  }

  /** The directory of this module's own segments. */
  public static Path internalDirectory() {
    return Directories.INTERNAL;
  }

  /**
   * A user's name as stored: a leading {@code /} (POSIX shared-memory style) dropped.
   *
   * @throws IllegalArgumentException if it is empty, holds a NUL, a path separator after the first character,
   *     or is {@code .} or {@code ..}, or is longer than {@link #MAX_NAME_BYTES}
   */
  public static String checkUserName(String name) {
    String plain = name.startsWith("/") ? name.substring(1) : name;
    if (plain.isEmpty() || plain.equals(".") || plain.equals("..")) {
      throw new IllegalArgumentException("'" + name + "' is not a usable shared-memory name");
    }
    if (plain.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shared-memory name must not contain a NUL character: " + name.replace("\0", "\\0"));
    }
    if (plain.indexOf('/') >= 0 || plain.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("a shared-memory name must not contain '/' or '\\' (after a leading '/'): " + name);
    }
    if (plain.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("a shared-memory name has at most " + MAX_NAME_BYTES + " bytes: " + name);
    }
    return plain;
  }

  /** A fresh name for a segment the user did not name. */
  public static String generatedName() {
    return GENERATED_PREFIX + PrivateDirectories.randomName(4);
  }

  /** The file of the user segment {@code name} (already checked). */
  public static Path userFile(String name) {
    return userDirectory().resolve(name);
  }

  /** A fresh file for one of this module's segments: {@code prefix}, this JVM's pid, a random part. */
  public static Path internalFile(String prefix) {
    return internalDirectory().resolve(prefix + "-" + Liveness.SELF_PID + "-" + PrivateDirectories.randomName(6));
  }

  private static Path privateChild(String name) {
    Path directory = PrivateDirectories.sharedMemory().resolve(name);
    try {
      return PrivateDirectories.ensurePrivate(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the shared-memory directory " + directory, e);
    }
  }

  private static final class Directories {
    static final Path USER = privateChild("segments");
    static final Path INTERNAL = privateChild("internal");
  }
}
