package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class SharedMemoryTest {

  private static final int INCREMENTS = 20_000;

  @TempDir Path dir;
  private SharedMemory memory;

  @AfterEach
  void release() {
    if (memory != null) {
      memory.close();
      memory.unlink();
    }
  }

  @Test
  void create_slotsStartAtZero_atomicOperationsWork() {
    memory = SharedMemory.create(dir.resolve("a.bin"), 3);

    assertThat(memory.slots()).isEqualTo(3);
    assertThat(memory.get(2)).isZero();
    memory.set(1, 41);
    assertThat(memory.getAndAdd(1, 1)).isEqualTo(41);
    assertThat(memory.compareAndSet(1, 42, 100)).isTrue();
    assertThat(memory.compareAndSet(1, 42, 7)).isFalse();
    assertThat(memory.get(1)).isEqualTo(100);
    assertThat(memory).hasToString("SharedMemory[" + dir.resolve("a.bin") + ", 3 slots]");
  }

  @Test
  void attach_secondMapping_seesTheSameMemory() {
    memory = SharedMemory.create(dir.resolve("b.bin"), 2);
    try (SharedMemory other = SharedMemory.attach(memory.path())) {
      other.set(0, 5);

      assertThat(memory.get(0)).isEqualTo(5);
      assertThat(other.slots()).isEqualTo(2);
    }
  }

  @Test
  void create_inSharedMemoryDirectory_byDefault() {
    memory = SharedMemory.create(1);

    assertThat(Files.exists(memory.path())).isTrue();
    memory.unlink();
    assertThat(Files.exists(memory.path())).isFalse();
  }

  @Test
  void badArguments_clearErrors() throws IOException {
    memory = SharedMemory.create(dir.resolve("c.bin"), 1);
    Path odd = Files.write(dir.resolve("odd.bin"), new byte[5]);

    assertThatThrownBy(() -> memory.get(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("slot");
    assertThatThrownBy(() -> SharedMemory.create(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SharedMemory.attach(dir.resolve("missing.bin")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("was it created");
    assertThatThrownBy(() -> SharedMemory.attach(odd)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 bytes");
  }

  @Test
  void lock_notReentrant_andOnlyTheHolderUnlocks() throws Exception {
    memory = SharedMemory.create(dir.resolve("d.bin"), 1);
    SharedLock lock = memory.lock();

    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class).hasMessageContaining("does not hold");
    lock.lock();
    try {
      assertThat(lock.isHeldByCurrentThread()).isTrue();
      assertThatThrownBy(lock::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not reentrant");
      assertThatThrownBy(lock::tryLock).isInstanceOf(IllegalStateException.class);
      boolean otherGotIt = CompletableFuture.supplyAsync(lock::tryLock).get(10, TimeUnit.SECONDS);
      assertThat(otherGotIt).as("another thread cannot take a held lock").isFalse();
    } finally {
      lock.unlock();
    }
    assertThat(lock.tryLock()).isTrue();
    lock.unlock();
  }

  /** Increments slot 0 atomically and slot 1 by read-then-write under the lock, INCREMENTS times each. */
  record Increment(String path) implements SerializableRunnable {
    @Override
    public void run() {
      try (SharedMemory shared = SharedMemory.attach(Path.of(path))) {
        SharedLock lock = shared.lock();
        for (int i = 0; i < INCREMENTS; i++) {
          shared.getAndAdd(0, 1);
          lock.lock();
          try {
            shared.set(1, shared.get(1) + 1);
          } finally {
            lock.unlock();
          }
        }
      }
    }
  }

  @Test
  void twoProcesses_incrementOneCounter_noUpdateLost() throws Exception {
    memory = SharedMemory.create(dir.resolve("counter.bin"), 2);
    ChildProcess a = ChildProcess.builder(new Increment(memory.path().toString())).jvmOptions(TestJvm.options()).build();
    ChildProcess b = ChildProcess.builder(new Increment(memory.path().toString())).jvmOptions(TestJvm.options()).build();
    try {
      a.start();
      b.start();

      assertThat(a.join(Duration.ofSeconds(30))).isTrue();
      assertThat(b.join(Duration.ofSeconds(30))).isTrue();
      assertThat(a.exitCode()).hasValue(0);
      assertThat(b.exitCode()).hasValue(0);
      assertThat(memory.get(0)).as("atomic increments").isEqualTo(2L * INCREMENTS);
      assertThat(memory.get(1)).as("increments under the shared lock").isEqualTo(2L * INCREMENTS);
    } finally {
      killQuietly(a);
      killQuietly(b);
    }
  }

  private static void killQuietly(ChildProcess p) throws InterruptedException {
    if (p.isAlive()) {
      p.kill();
      p.join(Duration.ofSeconds(30));
    }
  }
}
