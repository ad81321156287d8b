package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.PrivateDirectories;
import dev.concurrency.processes.internal.QueueRing;
import dev.concurrency.processes.internal.SegmentNames;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault matrix of inter-process communication: a process killed in the middle of what it was doing, and
 * nobody else waits for ever. After each test, no process the test started is left and nothing is left in the
 * shared-memory directories but this JVM's own heap arenas (kept until it exits, by design), and no pipe
 * directory or per-JVM directory is left in the user's private directory.
 */
@Timeout(120)
final class IpcFaultTest {

  private static final Duration LONG = Duration.ofSeconds(60);
  /** How long a bounded wait that must end may take, on a loaded machine: well under {@link #LONG}. */
  private static final Duration IN_TIME = Duration.ofSeconds(20);

  private final Children children = new Children();
  private final List<ProcessQueue> queues = new ArrayList<>();
  private Set<Long> descendantsBefore;
  private Set<String> filesBefore;
  private Set<String> socketFilesBefore;
  /** What a test expects to stay until this JVM exits, by design. */
  private final Set<String> keptUntilExit = new HashSet<>();

  @BeforeEach
  void recordWhatExists() throws IOException {
    descendantsBefore = descendants();
    filesBefore = sharedMemoryFiles();
    socketFilesBefore = socketFiles();
  }

  @AfterEach
  void nothingLeftBehind() throws Exception {
    children.close();
    queues.forEach(ProcessQueue::unlink);
    long deadline = System.nanoTime() + LONG.toNanos();
    Set<Long> left;
    while (!(left = newDescendants()).isEmpty() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // a bounded spin on the process table
    }
    assertThat(left).as("processes the test started and left running").isEmpty();
    Set<String> files = sharedMemoryFiles();
    files.removeAll(filesBefore);
    files.removeIf(IpcFaultTest::heapArenaOfThisTree);
    files.removeIf(IpcFaultTest::fileOfAnotherLiveProcessTree);
    assertThat(files).as("files left in the shared-memory directories").isEmpty();
    Set<String> sockets = socketFiles();
    sockets.removeAll(socketFilesBefore);
    sockets.removeAll(keptUntilExit);
    sockets.removeIf(name -> {
      java.util.regex.Matcher jvm = JVM_DIRECTORY.matcher(name);
      return jvm.find() && ofAnotherLiveProcessTree(Long.parseLong(jvm.group(1)));
    });
    assertThat(sockets).as("pipe directories left in this JVM's directory, or JVM directories in the user's").isEmpty();
  }

  /** This JVM's pipe directories, and the per-JVM directories of the user's base (a killed child's would stay). */
  private static Set<String> socketFiles() throws IOException {
    Set<String> names = new HashSet<>();
    for (Path directory : List.of(PrivateDirectories.jvmRoot(), PrivateDirectories.userBase())) {
      try (Stream<Path> files = Files.list(directory)) {
        files.forEach(file -> names.add(directory.getFileName() + "/" + file.getFileName()));
      }
    }
    return names;
  }

  /**
   * Whether a file is a heap arena this JVM tracks (its own, or a child's): arenas stay until the tracker exits,
   * by design, since another process may still use a block in one.
   */
  private static boolean heapArenaOfThisTree(String name) {
    if (!name.startsWith("internal/heap-")) {
      return false;
    }
    Path file = SegmentNames.internalDirectory().resolve(name.substring("internal/".length()));
    return dev.concurrency.processes.internal.Segment.readHeader(file)
        .map(header -> header.trackerPid() == ProcessHandle.current().pid())
        .orElse(false);
  }

  /** A per-JVM directory in the user's base: {@code j<pid>-<random>}. */
  private static final java.util.regex.Pattern JVM_DIRECTORY = java.util.regex.Pattern.compile("^[^/]+/j(\\d+)-");
  private static final java.util.regex.Pattern PID_IN_NAME = java.util.regex.Pattern.compile("^[^/]+/\\.?[a-z]+-(\\d+)-");

  /**
   * Whether a file belongs to a process tree other than this JVM's that is still running (another build of the
   * same user, sharing the per-user directories): its tracker, or the process its name says made it, is alive
   * and is neither this JVM nor one of its descendants. A file of this tree, or of a dead process, counts.
   */
  private static boolean fileOfAnotherLiveProcessTree(String name) {
    String directory = name.substring(0, name.indexOf('/'));
    Path file = (directory.equals(SegmentNames.internalDirectory().getFileName().toString())
        ? SegmentNames.internalDirectory() : SegmentNames.userDirectory()).resolve(name.substring(directory.length() + 1));
    java.util.OptionalLong owner = dev.concurrency.processes.internal.Segment.readHeader(file)
        .map(header -> java.util.OptionalLong.of(header.trackerPid()))
        .orElseGet(() -> {
          java.util.regex.Matcher pid = PID_IN_NAME.matcher(name);
          return pid.find() ? java.util.OptionalLong.of(Long.parseLong(pid.group(1))) : java.util.OptionalLong.empty();
        });
    return owner.isPresent() && ofAnotherLiveProcessTree(owner.getAsLong());
  }

  /** Whether {@code pid} is a live process that is neither this JVM nor one of its descendants. */
  private static boolean ofAnotherLiveProcessTree(long pid) {
    if (pid == ProcessHandle.current().pid() || descendants().contains(pid)) {
      return false;
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  private Set<Long> newDescendants() {
    Set<Long> now = new HashSet<>(descendants());
    now.removeAll(descendantsBefore);
    return now;
  }

  private static Set<String> sharedMemoryFiles() throws IOException {
    Set<String> names = new HashSet<>();
    for (Path directory : List.of(SegmentNames.userDirectory(), SegmentNames.internalDirectory())) {
      try (Stream<Path> files = Files.list(directory)) {
        files.forEach(file -> names.add(directory.getFileName() + "/" + file.getFileName()));
      }
    }
    return names;
  }

  private ProcessQueue queue(ProcessQueue queue) {
    queues.add(queue);
    return queue;
  }

  /** Waits for the kill the test sends (bounded, in case it never comes). */
  private static void awaitTheKill() {
    try {
      SharedEvent.create().await(LONG);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes the queue's writers' lock, copies half an item (or spills a big one) without publishing it, and waits. */
  record DieMidPut(ProcessQueue queue, SharedEvent midway, boolean big) implements SerializableRunnable {
    @Override
    public void run() {
      QueueRing ring = queue.ring();
      ring.writers().acquireUninterruptibly();
      if (big) {
        ring.spill(new byte[3 << 20]); // the large item's file is written, its record never published
      } else {
        ring.copyWithoutPublishing(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
      }
      midway.set();
      awaitTheKill();
    }
  }

  private void writerKilledMidPut(boolean big) throws Exception {
    ProcessQueue queue = queue(ProcessQueue.builder().bufferSize(4096).create());
    SharedEvent midway = SharedEvent.create();
    ChildProcess writer = children.start(new DieMidPut(queue, midway, big));
    assertThat(midway.await(LONG)).isTrue();

    writer.kill();
    assertThat(writer.join(LONG)).isTrue();

    long start = System.nanoTime();
    assertThatThrownBy(() -> queue.get(Duration.ofMillis(500))).isInstanceOf(ProcessQueue.Empty.class);
    assertThat(System.nanoTime() - start).as("a bounded get ends in time").isLessThan(IN_TIME.toNanos());
    queue.put("after", IN_TIME); // takes the dead writer's lock over
    assertThat(queue.get(IN_TIME)).isEqualTo("after");
    assertThat(queue.empty()).isTrue();
  }

  @Test
  void queueWriterKilledMidPut_getEndsInTime_nextWriterGoesOn() throws Exception {
    writerKilledMidPut(false);
  }

  @Test
  void queueWriterKilledMidPutOfALargeItem_getEndsInTime_itsFileRemovedWithTheQueue() throws Exception {
    writerKilledMidPut(true);
  }

  /** Takes the queue's readers' lock and waits. */
  record DieHoldingReaders(ProcessQueue queue, SharedEvent holding) implements SerializableRunnable {
    @Override
    public void run() {
      queue.ring().readers().acquireUninterruptibly();
      holding.set();
      awaitTheKill();
    }
  }

  @Test
  void queueReaderKilledMidGet_theItemIsNotLost() throws Exception {
    ProcessQueue queue = queue(ProcessQueue.create());
    SharedEvent holding = SharedEvent.create();
    ChildProcess reader = children.start(new DieHoldingReaders(queue, holding));
    assertThat(holding.await(LONG)).isTrue();
    queue.put("kept");

    reader.kill();
    assertThat(reader.join(LONG)).isTrue();

    assertThat(queue.get(IN_TIME)).isEqualTo("kept");
  }

  /** Takes the lock, says so, waits to be killed. */
  record HoldAndDie(SharedMutex lock, SharedEvent holding) implements SerializableRunnable {
    @Override
    public void run() {
      lock.lock();
      holding.set();
      awaitTheKill();
    }
  }

  @Test
  void lockHolderKilled_waiterAlreadyWaiting_takesItOverInTime() throws Exception {
    for (SharedMutex lock : List.<SharedMutex>of(SharedLock.create(), SharedRLock.create())) {
      SharedEvent holding = SharedEvent.create();
      ChildProcess holder = children.start(new HoldAndDie(lock, holding));
      assertThat(holding.await(LONG)).isTrue();
      CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
        try {
          boolean taken = lock.tryLock(LONG);
          boolean toldOfTheDeath = lock.ownerDied();
          lock.unlock();
          return taken && toldOfTheDeath;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, OwnThread.EACH);

      holder.kill();

      assertThat(waiter.get(IN_TIME.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(holder.join(LONG)).isTrue();
    }
  }

  @Test
  void conditionsLockTakenAndHeldByAKilledProcess_whileThisThreadWaits_theWaitStillReturnsHoldingIt()
      throws Exception {
    SharedCondition condition = SharedCondition.create();
    SharedRLock lock = (SharedRLock) condition.getLock();
    SharedEvent holding = SharedEvent.create();
    condition.lock();
    try {
      ChildProcess holder = children.start(new HoldAndDie(lock, holding)); // blocks until this thread waits
      CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
        try {
          if (holding.await(LONG)) {
            holder.kill();
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, OwnThread.EACH);

      // The child takes the lock while this thread waits, and dies with it. A child slow to start (a loaded
      // machine) may take it only during a later wait: each short wait ends holding the lock, taken over from the
      // dead holder or not, so wait again until the takeover happens, within a bound.
      long deadline = System.nanoTime() + LONG.toNanos();
      boolean notified;
      do {
        notified = condition.await(Duration.ofSeconds(1));
        assertThat(notified).as("nobody notifies").isFalse();
        assertThat(lock.isHeldByCurrentThread()).as("every wait returns holding the lock").isTrue();
      } while (!lock.ownerDied() && System.nanoTime() < deadline);

      assertThat(lock.ownerDied()).as("held again, taken over from the dead holder").isTrue();
      killer.get(IN_TIME.toSeconds(), TimeUnit.SECONDS);
      assertThat(holder.join(LONG)).isTrue();
    } finally {
      condition.unlock();
    }
    assertThat(lock.isLocked()).isFalse();
  }

  /** Opens its end of the pipe (it listens: the other end is not used yet), says so, waits to be killed. */
  record ListenAndDie(Connection end, SharedEvent listening) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        end.poll(Duration.ZERO); // the first end used: it listens now
        listening.set();
        SharedEvent.create().await(LONG); // killed here
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void pipePeerKilledWhileListening_thisEndReadsEof() throws Exception {
    Pipe pipe = Pipe.open();
    SharedEvent listening = SharedEvent.create();
    ChildProcess peer = children.start(new ListenAndDie(pipe.right(), listening));
    assertThat(listening.await(LONG)).isTrue();

    peer.kill();
    assertThat(peer.join(LONG)).isTrue();

    try (Connection mine = pipe.left()) {
      assertThat(mine.poll(IN_TIME)).as("end of file is there to receive").isTrue();
      assertThatThrownBy(mine::recv).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void pipePeerKilledWhileConnected_thisEndReadsEof_andWaitAnyReturnsIt() throws Exception {
    Pipe pipe = Pipe.open();
    SharedEvent listening = SharedEvent.create();
    ChildProcess peer = children.start(new ListenAndDie(pipe.right(), listening));
    assertThat(listening.await(LONG)).isTrue();
    try (Connection mine = pipe.left()) {
      mine.send("hello"); // connects to the listening peer
      peer.kill();
      assertThat(peer.join(LONG)).isTrue();

      assertThat(Connection.waitAny(List.of(mine), IN_TIME)).containsExactly(mine);
      assertThatThrownBy(mine::recv).isInstanceOf(EOFException.class);
      assertThatThrownBy(() -> mine.send("anyone?")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void pipePeerNeverOpened_pollAndWaitAnyHonourTheirTimeouts() throws Exception {
    Set<String> before = socketFiles();
    Pipe pipe = Pipe.open();
    Set<String> pipeDirectory = socketFiles();
    pipeDirectory.removeAll(before);
    SerializedCopy.serialize(pipe.right()); // sent to a process that never uses it
    pipe.right().close();

    try (Connection mine = pipe.left()) {
      long start = System.nanoTime();
      assertThat(mine.poll(Duration.ofMillis(300))).isFalse();
      assertThat(Connection.waitAny(List.of(mine), Duration.ofMillis(300))).isEmpty();
      assertThat(System.nanoTime() - start).isBetween(Duration.ofMillis(600).toNanos(), IN_TIME.toNanos());
    }

    assertThat(socketFiles())
        .as("the copy that was sent may still be used, and read end of file: the pipe's directory stays until exit")
        .containsAll(pipeDirectory);
    keptUntilExit.addAll(pipeDirectory);
  }

  @Test
  void childKilled_whileItsSentinelIsWaitedOn_theWaitReturnsIt() throws Exception {
    Pipe pipe = Pipe.open();
    SharedEvent listening = SharedEvent.create();
    ChildProcess child = children.start(new ListenAndDie(pipe.right(), listening));
    assertThat(listening.await(LONG)).isTrue();
    try {
      CompletableFuture<List<Waitable>> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return Connection.<Waitable>waitAny(List.of(child.sentinel()), LONG);
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, OwnThread.EACH);

      child.kill();

      assertThat(waiting.get(IN_TIME.toSeconds(), TimeUnit.SECONDS)).containsExactly(child.sentinel());
      assertThat(child.exitCode()).hasValue(-9);
    } finally {
      pipe.left().close();
    }
  }

  /** Waits at the barrier, having said so; killed there. */
  record WaitAtBarrierAndDie(SharedBarrier barrier, SharedEvent arrived) implements SerializableRunnable {
    @Override
    public void run() {
      arrived.set();
      try {
        barrier.await(LONG); // killed here
      } catch (BrokenBarrierException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void barrierPartyKilledWhileWaiting_theOthersBreakOnTheirTimeout() throws Exception {
    SharedBarrier barrier = SharedBarrier.create(3);
    SharedEvent arrived = SharedEvent.create();
    ChildProcess party = children.start(new WaitAtBarrierAndDie(barrier, arrived));
    assertThat(arrived.await(LONG)).isTrue();
    party.kill();
    assertThat(party.join(LONG)).isTrue();

    long start = System.nanoTime();
    assertThatThrownBy(() -> barrier.await(Duration.ofMillis(500))).isInstanceOf(BrokenBarrierException.class);
    assertThat(System.nanoTime() - start).isLessThan(IN_TIME.toNanos());
    assertThat(barrier.isBroken()).isTrue();
    barrier.reset();
    assertThat(barrier.isBroken()).isFalse();
  }

  /** Takes a permit, says so, waits to be killed. */
  record TakePermitAndDie(SharedSemaphore semaphore, SharedEvent taken) implements SerializableRunnable {
    @Override
    public void run() {
      semaphore.acquireUninterruptibly();
      taken.set();
      awaitTheKill();
    }
  }

  @Test
  void semaphorePermitHolderKilled_thePermitIsLost_butWaitsStayBounded() throws Exception {
    SharedSemaphore semaphore = SharedSemaphore.create(1);
    SharedEvent taken = SharedEvent.create();
    ChildProcess holder = children.start(new TakePermitAndDie(semaphore, taken));
    assertThat(taken.await(LONG)).isTrue();

    holder.kill();
    assertThat(holder.join(LONG)).isTrue();

    // A permit has no owner (as in Python): nobody gives it back, and a timed acquire says so in time.
    assertThat(semaphore.tryAcquire(Duration.ofMillis(300))).isFalse();
    semaphore.release();
    assertThat(semaphore.tryAcquire(IN_TIME)).isTrue();
  }
}
