package dev.concurrency.processes;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class SharedMemoryTest {

  private final List<SharedMemory> made = new ArrayList<>();
  private final Children children = new Children();

  private SharedMemory track(SharedMemory segment) {
    made.add(segment);
    return segment;
  }

  @AfterEach
  void unlinkEverything() throws Exception {
    children.close();
    for (SharedMemory segment : made) {
      try {
        segment.unlink();
      } catch (NoSuchFileException e) {
        // the test unlinked it itself
      }
    }
  }

  private static String uniqueName(String prefix) {
    return prefix + ProcessHandle.current().pid() + "_" + System.nanoTime();
  }

  private static byte[] bytes(SharedMemory segment, int from, int length) {
    byte[] read = new byte[length];
    segment.buf().get(from, read);
    return read;
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_name_with_embedded_null
  @Test
  void nameWithEmbeddedNull_refused() throws IOException {
    String name = uniqueName("test01_null");
    track(SharedMemory.create(name, 512));

    assertThatThrownBy(() -> SharedMemory.attach(name + "\0a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> SharedMemory.create(name + "\0a", 8)).isInstanceOf(IllegalArgumentException.class);
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_basics
  @Test
  void basics_createAttachCloseUnlink() throws IOException {
    String name = uniqueName("test01_tsmb");
    SharedMemory segment = track(SharedMemory.create(name, 512));

    assertThat(segment.name()).isEqualTo(name);
    assertThat(segment.size()).isEqualTo(512);
    assertThat(segment.buf().capacity()).isEqualTo(512);
    assertThat(segment.toString()).contains(name).contains("512");

    segment.buf().put(0, (byte) 42);
    assertThat(segment.buf().get(0)).isEqualTo((byte) 42);
    try (SharedMemory also = SharedMemory.attach(name)) {
      assertThat(also.buf().get(0)).isEqualTo((byte) 42);
      assertThat(also.size()).as("the size comes from the segment").isEqualTo(512);
    }
    try (SharedMemory slashed = SharedMemory.attach("/" + name)) {
      assertThat(slashed.buf().get(0)).as("a leading slash, as POSIX names have, is ignored").isEqualTo((byte) 42);
    }

    assertThatThrownBy(() -> SharedMemory.create(-2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SharedMemory.builder().attach())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name");

    String twice = uniqueName("test01_dblunlink");
    SharedMemory first = SharedMemory.create(twice, 5000);
    SharedMemory second = SharedMemory.attach(twice);
    second.unlink();
    second.close();
    first.close();
    assertThatThrownBy(first::unlink).as("a segment is unlinked once").isInstanceOf(NoSuchFileException.class);

    assertThatThrownBy(() -> SharedMemory.create(name, 512)).isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> SharedMemory.attach("test01_notthere" + System.nanoTime()))
        .isInstanceOf(NoSuchFileException.class);

    segment.close();
    assertThatThrownBy(segment::buf).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    segment.close(); // idempotent
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_recreate
  @Test
  void create_generatedNameTaken_drawsTheNext() throws IOException {
    String taken = uniqueName("test03_fn");
    String next = uniqueName("test04_fn");
    track(SharedMemory.create(taken, 1));
    Iterator<String> names = List.of(taken, next).iterator();

    SharedMemory made = track(SharedMemory.builder().size(1).names(names::next).create());

    assertThat(made.name()).isEqualTo(next);
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_invalid_shared_memory_creation
  @Test
  void create_negativeZeroOrMissingSize_refused() {
    assertThatThrownBy(() -> SharedMemory.create(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SharedMemory.create(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> SharedMemory.builder().create())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size");
  }

  @Test
  void create_unusableNames_refusedWithTheReason() {
    for (String bad : List.of("", "/", ".", "..", "a/b", "a\\b", "x".repeat(201))) {
      assertThatThrownBy(() -> SharedMemory.create(bad, 8)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_pickle_unpickle
  @Test
  void serialized_attachesTheSameMemory() throws Exception {
    SharedMemory segment = track(SharedMemory.create(512));
    segment.buf().put(0, "pickle".getBytes(US_ASCII));

    SharedMemory copy = SerializedCopy.of(segment);

    assertThat(copy.name()).isEqualTo(segment.name());
    assertThat(bytes(copy, 0, 6)).isEqualTo("pickle".getBytes(US_ASCII));
    segment.buf().put(0, "newval".getBytes(US_ASCII));
    assertThat(bytes(copy, 0, 6)).isEqualTo("newval".getBytes(US_ASCII));
    copy.buf().put(0, "oldval".getBytes(US_ASCII));
    assertThat(bytes(segment, 0, 6)).isEqualTo("oldval".getBytes(US_ASCII));
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_pickle_unpickle_dead_object
  @Test
  void deserialized_afterUnlink_noSuchFile() throws IOException {
    SharedMemory segment = SharedMemory.create(512);
    byte[] serialized = SerializedCopy.serialize(segment);
    segment.close();
    segment.unlink();

    assertThatThrownBy(() -> SerializedCopy.deserialize(serialized)).isInstanceOf(NoSuchFileException.class);
  }

  /** Attaches a segment by name in a child and writes into it. */
  record WriteByName(String name, byte[] data) implements SerializableRunnable {
    @Override
    public void run() {
      try (SharedMemory segment = SharedMemory.attach(name)) {
        segment.buf().put(0, data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Writes into a segment it received as a serialized handle. */
  record WriteThroughHandle(SharedMemory segment, byte[] data) implements SerializableRunnable {
    @Override
    public void run() {
      segment.buf().put(0, data);
      segment.close();
    }
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_across_processes
  @Test
  void child_attachesByNameAndBySerializedHandle() throws Exception {
    SharedMemory segment = track(SharedMemory.create(512));

    children.run(new WriteByName(segment.name(), "howdy".getBytes(US_ASCII)));
    assertThat(bytes(segment, 0, 5)).isEqualTo("howdy".getBytes(US_ASCII));

    children.run(new WriteThroughHandle(segment, "HELLO".getBytes(US_ASCII)));
    assertThat(bytes(segment, 0, 5)).isEqualTo("HELLO".getBytes(US_ASCII));
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_cleaned_after_process_termination
  @Test
  void terminatedCreator_segmentRemovedAtItsExit_withAWarning() throws Exception {
    Process holder = SeparateJvm.start(SegmentPrograms.Holder.class);
    try {
      String name;
      try (BufferedReader out = SeparateJvm.stdout(holder)) {
        name = out.readLine();
      }
      assertThat(name).startsWith("psm_");
      assertThat(Files.exists(SharedMemory.directory().resolve(name))).isTrue();

      holder.toHandle().destroy(); // SIGTERM, leaving our ends of its pipes open: its hooks run, the sweep among them
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> SharedMemory.attach(name)).isInstanceOf(NoSuchFileException.class);
      assertThat(SeparateJvm.stderr(holder)).contains("there appear to be 1 leaked shared_memory objects").contains(name);
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void killedCreator_segmentRemovedByTheNextCreation() throws Exception {
    Process holder = SeparateJvm.start(SegmentPrograms.Holder.class);
    try {
      String name;
      try (BufferedReader out = SeparateJvm.stdout(holder)) {
        name = out.readLine();
      }
      holder.destroyForcibly(); // SIGKILL: no hook runs
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(SharedMemory.directory().resolve(name))).as("left behind by the kill").isTrue();

      dev.concurrency.processes.internal.TrackerAccess.removeStale();

      assertThat(Files.exists(SharedMemory.directory().resolve(name))).isFalse();
    } finally {
      holder.destroyForcibly();
    }
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_untracking
  @Test
  void separateJvmAttachesUntracked_segmentStays() throws Exception {
    SharedMemory segment = track(SharedMemory.create(10));

    Process attacher = SeparateJvm.start(SegmentPrograms.Attacher.class, segment.name(), "false");
    assertThat(attacher.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(attacher.exitValue()).isZero();
    assertThat(SeparateJvm.stderr(attacher)).doesNotContain("leaked");
    SharedMemory.attach(segment.name()).close();
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_tracking
  @Test
  void separateJvmAttachesTracked_removesItAtExit_withAWarning() throws Exception {
    SharedMemory segment = SharedMemory.create(10);

    Process attacher = SeparateJvm.start(SegmentPrograms.Attacher.class, segment.name(), "true");
    assertThat(attacher.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(attacher.exitValue()).isZero();
    assertThat(SeparateJvm.stderr(attacher)).contains("there appear to be 1 leaked shared_memory objects");
    assertThatThrownBy(() -> SharedMemory.attach(segment.name())).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void directory_isPrivateToTheUser() throws IOException {
    Path directory = SharedMemory.directory();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void withoutDevShm_segmentsLiveInTheConfiguredDirectory() throws Exception {
    Path elsewhere = Files.createTempDirectory("no-dev-shm");
    Process holder = SeparateJvm.start(
        List.of("-Ddev.concurrency.processes.sharedMemoryDir=" + elsewhere), SegmentPrograms.Holder.class);
    try {
      String name;
      String directory;
      try (BufferedReader out = SeparateJvm.stdout(holder)) {
        name = out.readLine();
        directory = out.readLine();
      }
      assertThat(Path.of(directory)).startsWith(elsewhere);
      assertThat(Files.exists(Path.of(directory, name))).isTrue();
      holder.destroy();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(Path.of(directory, name))).as("removed at its creator's exit").isFalse();
    } finally {
      holder.destroyForcibly();
      dev.concurrency.processes.internal.PrivateDirectories.deleteRecursively(elsewhere);
    }
  }

  @Test
  void create_sameNameFromTwoThreadsAtOnce_exactlyOneWins() throws Exception {
    String name = uniqueName("race");
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      attempts.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
          track(SharedMemory.create(name, 64));
          return true;
        } catch (FileAlreadyExistsException e) {
          return false;
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, OwnThread.EACH));
    }
    go.countDown();

    long winners = 0;
    for (CompletableFuture<Boolean> attempt : attempts) {
      winners += attempt.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    assertThat(winners).isEqualTo(1);
  }

  @Test
  void buf_isBigEndianAndOwnsItsPosition() throws IOException {
    SharedMemory segment = track(SharedMemory.create(16));
    ByteBuffer one = segment.buf();
    ByteBuffer two = segment.buf();

    one.putInt(0x01020304);

    assertThat(one.position()).isEqualTo(4);
    assertThat(two.position()).isZero();
    assertThat(two.get(0)).isEqualTo((byte) 1);
  }
}
