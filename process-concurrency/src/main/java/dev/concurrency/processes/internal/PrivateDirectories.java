package dev.concurrency.processes.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directories this module keeps its files in: sockets, markers and shared-memory segments. Every one is
 * private to the user (mode {@code 0700} where the file system has POSIX permissions, an owner-only ACL where it
 * has ACLs), so no other user can connect to a socket or map a segment in it.
 *
 * <ul>
 *   <li>{@link #userBase()}: {@code <java.io.tmpdir>/dev.concurrency-<user>}, shared by this user's JVMs; set
 *       {@value #BASE_PROPERTY} to move it;
 *   <li>{@link #jvmRoot()}: one directory per JVM inside the user base, for sockets and their markers; removed
 *       when the JVM exits, and the directories of JVMs that died without removing theirs (killed) are removed by
 *       the next JVM that makes its own;
 *   <li>{@link #sharedMemory()}: the shared-memory segments of this user, by name: on Linux in {@code /dev/shm}
 *       when it is a writable directory (memory that is never written back to a disk), elsewhere in the user
 *       base; set {@value #SHARED_MEMORY_PROPERTY} to move it.
 * </ul>
 *
 * <p>A Unix domain socket's path is limited ({@link Platform#maxSocketPathBytes()}); when the temporary
 * directory's path is too long for that (macOS's per-user {@code /var/folders/...} can be), sockets go to a user
 * base in {@code /tmp} instead. The directories are made by {@link Platform#createPrivateDirectory}, the module's
 * seam for what differs between operating systems.
 *
 * <p>Thread-safe: each directory is made once, by the JVM's class-initialization lock.
 */
public final class PrivateDirectories {

  /** The system property that moves {@link #userBase()}. */
  public static final String BASE_PROPERTY = "dev.concurrency.processes.dir";

  /** The system property that moves {@link #sharedMemory()}. */
  public static final String SHARED_MEMORY_PROPERTY = "dev.concurrency.processes.sharedMemoryDir";


  /** The length of the longest name {@link #socketPath} is asked for. */
  private static final int LONGEST_SOCKET_NAME = 24;

  private static final String JVM_ROOT_PREFIX = "j";

  private static final SecureRandom RANDOM = new SecureRandom();

  private PrivateDirectories() {}

  /** This user's base directory, made private on first use. */
  public static Path userBase() {
    return UserBase.PATH;
  }

  /** This JVM's own directory for sockets, removed when the JVM exits. */
  public static Path jvmRoot() {
    return JvmRoot.PATH;
  }

  /** This user's shared-memory directory. */
  public static Path sharedMemory() {
    return SharedMemoryDir.PATH;
  }

  /**
   * A fresh path for a socket (or a directory of sockets) in {@link #jvmRoot()}, named {@code prefix} and a
   * random part.
   *
   * @param prefix a short, file-name-safe prefix (at most 8 characters)
   */
  public static Path socketPath(String prefix) {
    if (prefix.length() > 8) {
      throw new IllegalArgumentException("prefix '" + prefix + "' is longer than 8 characters");
    }
    return jvmRoot().resolve(prefix + randomName(8));
  }

  /** Random lowercase hexadecimal characters, for file names nobody can guess. */
  public static String randomName(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** Whether a socket path fits the platform's limit. */
  static boolean fitsSocketPath(Path path) {
    return path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length
        <= Platform.current().maxSocketPathBytes();
  }

  /**
   * Makes {@code directory} if it is missing, private to this user, or checks that an existing one is: a real
   * directory (not a link), owned by this user, with no access for others (POSIX permissions that are wider are
   * narrowed).
   *
   * @throws IOException if it cannot be made, or exists and belongs to another user
   */
  static Path ensurePrivate(Path directory) throws IOException {
    try {
      Platform.current().createPrivateDirectory(directory);
      if (!isPosix(directory)) {
        restrictAcl(directory); // where it has ACLs (Windows): the owner's alone, whatever the parent grants
      }
      return directory;
    } catch (FileAlreadyExistsException e) {
      checkOwnedPrivateDirectory(directory);
      return directory;
    }
  }

  private static void checkOwnedPrivateDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(directory + " exists and is not a directory (or is a link); remove it, or set -D"
          + BASE_PROPERTY + " to another place");
    }
    UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
    UserPrincipal me = currentUser(directory);
    if (me != null && !owner.equals(me)) {
      throw new IOException(directory + " belongs to " + owner.getName() + ", not to " + me.getName()
          + ": another user made it; remove it, or set -D" + BASE_PROPERTY + " to another place");
    }
    PosixFileAttributeView posix =
        Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (posix != null) {
      Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
      Set<PosixFilePermission> others = EnumSet.of(
          PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
      if (permissions.stream().anyMatch(others::contains)) {
        permissions.removeAll(others);
        posix.setPermissions(permissions);
      }
    }
  }

  /** The user running this JVM, as the file system names it; null where it cannot be looked up. */
  private static UserPrincipal currentUser(Path onFileSystem) {
    try {
      return onFileSystem.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(System.getProperty("user.name"));
    } catch (IOException | UnsupportedOperationException e) {
      return null; // no way to tell: the permissions checks still apply
    }
  }

  private static boolean isPosix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }

  /** Windows: an ACL that gives the owner everything and nobody else anything. */
  private static void restrictAcl(Path directory) throws IOException {
    AclFileAttributeView acl = Files.getFileAttributeView(directory, AclFileAttributeView.class);
    if (acl == null) {
      return; // neither POSIX permissions nor ACLs: the file system has no access control to set
    }
    AclEntry ownerOnly = AclEntry.newBuilder()
        .setType(AclEntryType.ALLOW)
        .setPrincipal(acl.getOwner())
        .setPermissions(EnumSet.allOf(AclEntryPermission.class))
        .build();
    acl.setAcl(List.of(ownerOnly));
  }

  /** Removes {@code path} and everything under it; missing files are not an error. */
  public static void deleteRecursively(Path path) {
    try {
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> children = Files.list(path)) {
          children.forEach(PrivateDirectories::deleteRecursively);
        }
      }
      Files.deleteIfExists(path);
    } catch (NoSuchFileException e) {
      // removed meanwhile: what was asked
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }

  private static String userName() {
    String name = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    return name.isEmpty() ? "user" : name;
  }

  private static Path makeUserBase() {
    String configured = System.getProperty(BASE_PROPERTY);
    Path temp = configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Path base = ensurePrivate(temp.toAbsolutePath().resolve("dev.concurrency-" + userName()));
      Path probe = base.resolve(JVM_ROOT_PREFIX + ProcessHandle.current().pid() + "-" + randomName(4))
          .resolve("x".repeat(LONGEST_SOCKET_NAME));
      if (!fitsSocketPath(probe) && configured == null && Files.isDirectory(Path.of("/tmp"))) {
        base = ensurePrivate(Path.of("/tmp", "dev.concurrency-" + userName()));
      }
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the private directory in " + temp, e);
    }
  }

  private static Path makeJvmRoot() {
    Path base = userBase();
    removeRootsOfDeadJvms(base);
    Path root = base.resolve(JVM_ROOT_PREFIX + ProcessHandle.current().pid() + "-" + randomName(4));
    try {
      ensurePrivate(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make this JVM's private directory " + root, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root), "process-concurrency-cleanup"));
    return root;
  }

  private static void deleteQuietly(Path root) {
    try {
      deleteRecursively(root);
    } catch (UncheckedIOException e) {
      System.err.println("process-concurrency: cannot remove " + root + " at exit: " + e.getCause());
    }
  }

  /** Removes the directories of JVMs that are gone: killed JVMs run no shutdown hook. */
  private static void removeRootsOfDeadJvms(Path base) {
    try (DirectoryStream<Path> roots = Files.newDirectoryStream(base, JVM_ROOT_PREFIX + "*-*")) {
      for (Path root : roots) {
        String name = root.getFileName().toString();
        long pid;
        try {
          pid = Long.parseLong(name.substring(JVM_ROOT_PREFIX.length(), name.indexOf('-')));
        } catch (NumberFormatException e) {
          continue; // not one of ours
        }
        if (!Liveness.isAlive(pid)) {
          deleteQuietly(root);
        }
      }
    } catch (IOException e) {
      // nothing to sweep, or the base cannot be listed: the sweep is a courtesy, not a duty
    }
  }

  private static Path makeSharedMemoryDir() {
    String configured = System.getProperty(SHARED_MEMORY_PROPERTY);
    Path parent;
    if (configured != null) {
      parent = Path.of(configured);
    } else {
      Path shm = Path.of("/dev/shm");
      parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : null;
    }
    try {
      return parent == null
          ? ensurePrivate(userBase().resolve("shm"))
          : ensurePrivate(parent.toAbsolutePath().resolve("dev.concurrency-" + userName()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the shared-memory directory", e);
    }
  }

  /** Holders, so that each directory is made on first use, once. */
  private static final class UserBase {
    static final Path PATH = makeUserBase();
  }

  private static final class JvmRoot {
    static final Path PATH = makeJvmRoot();
  }

  private static final class SharedMemoryDir {
    static final Path PATH = makeSharedMemoryDir();
  }
}
