package dev.concurrency.async.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The file of a Unix domain server socket: a stale one is removed before binding, and the server's own is removed
 * when the server closes, if it is still the same file (asyncio 3.13's {@code cleanup_socket}). Package-private.
 *
 * <p>"The same file" is compared by file key (device and inode on Unix), which asyncio compares as {@code
 * st_ino}: if someone removed the socket and bound another at that path, closing this server leaves theirs alone.
 * Failures here never fail the server: they are logged, as asyncio logs them.
 */
final class UnixSocketFile {

  private static final System.Logger LOG = System.getLogger(UnixSocketFile.class.getName());
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private final Path path;
  private final Object fileKey;

  private UnixSocketFile(Path path, Object fileKey) {
    this.path = path;
    this.fileKey = fileKey;
  }

  /** Removes {@code path} if it is a socket file, left by a server that did not clean up. */
  static void removeStale(Path path) {
    try {
      if (isSocket(path)) {
        Files.delete(path);
      }
    } catch (NoSuchFileException e) {
      // nothing stale
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.ERROR, "unable to check or remove the stale Unix socket " + path, e);
    }
  }

  /** The file a server just bound at {@code path}, to remove at close; {@code null} if it is gone already. */
  static @Nullable UnixSocketFile bound(Path path) {
    try {
      Object key = attributes(path).fileKey();
      return key == null ? null : new UnixSocketFile(path, key);
    } catch (IOException e) {
      return null;
    }
  }

  /** Removes the file if it is still the one this server bound. */
  void cleanup() {
    try {
      if (fileKey.equals(attributes(path).fileKey())) {
        Files.delete(path);
      }
    } catch (NoSuchFileException e) {
      // someone else removed it: nothing to do
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "unable to clean up the listening Unix socket " + path, e);
    }
  }

  private static boolean isSocket(Path path) throws IOException {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFSOCK;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return attributes(path).isOther(); // no "unix" view: a socket is neither file, directory nor link
    }
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }
}
