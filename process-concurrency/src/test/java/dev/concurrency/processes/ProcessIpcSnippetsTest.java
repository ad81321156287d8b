package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.internal.Rendezvous;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code the Javadoc of this module's synchronization and communication types shows
 * ({@code {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=...}}), run, with what its comments
 * claim checked after it. Where a snippet says "in another process", that part runs in a worker of one pool that
 * every test shares (two child JVMs for the whole class); only the snippets that show {@link ChildProcess} start
 * children of their own.
 */
@Timeout(180)
final class ProcessIpcSnippetsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static ProcessPool pool;

  @BeforeAll
  static void startPool() {
    // @start region="transferLimits"
    pool = ProcessPool.builder()
        .maxWorkers(2)
        .limits(TransferLimits.DEFAULT.withMaxFrameBytes(256 << 20))   // results of up to 256 MiB
        .build();
    // @end
  }

  @AfterAll
  static void stopPool() {
    if (pool != null) {
      pool.close();
    }
  }

  /** Echoes every message it receives back to the sender, until the other end closes. */
  record Echo(Connection end) implements SerializableRunnable {
    @Override
    public void run() {
      try (end) {
        while (true) {
          end.send((Serializable) end.recv());
        }
      } catch (EOFException e) {
        // the parent closed its end: the echo is over
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void transferLimits_thePoolBuiltWithThem_returnsAResultLargerThanAMebibyte() throws Exception {
    byte[] big = pool.submit(() -> new byte[2 << 20]).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(big).hasSize(2 << 20);
    assertThat(TransferLimits.DEFAULT.withMaxFrameBytes(256 << 20).maxFrameBytes()).isEqualTo(256 << 20);
  }

  @Test
  void connection_sendRecvAndPoll_throughAnEchoingChild() throws Exception {
    Object back;
    boolean ready;
    Object again;
    // @start region="connection"
    Pipe pipe = Pipe.open();
    ChildProcess child = ChildProcess.of(new Echo(pipe.right()));   // the right end travels to the child
    child.start();
    try (Connection mine = pipe.left()) {
      mine.send(new ArrayList<>(List.of(1, 2.25, "three")));       // what is sent must be Serializable
      back = mine.recv();                                          // [1, 2.25, three], equal to what was sent
      mine.send("again");
      ready = mine.poll(Duration.ofSeconds(30));                   // true: a message is there, recv will not wait
      again = mine.recv();
    }
    // @end
    pipe.right().close();
    assertThat(child.join(WAIT)).isTrue();
    assertThat(back).isEqualTo(List.of(1, 2.25, "three"));
    assertThat(ready).isTrue();
    assertThat(again).isEqualTo("again");
    assertThat(child.exitCode()).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void mapOptions_aBufferedMapOverAnEndlessInput_yieldsInOrder() throws Exception {
    List<String> firstTen = new ArrayList<>();
    // @start region="mapOptions"
    Iterable<Integer> infiniteInput = Stream.iterate(0, i -> i + 1)::iterator;   // 0, 1, 2, ... without end
    try (ResultIterator<String> results =
        pool.map(String::valueOf, infiniteInput, MapOptions.DEFAULT.withBufferSize(8).withTimeout(Duration.ofMinutes(1)))) {
      while (firstTen.size() < 10) {
        firstTen.add(results.next());            // the input is read only as results are taken
      }
    }
    // @end
    assertThat(firstTen).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  }

  @Test
  void sharedBarrier_theParentAndTwoWorkers_eachGetADistinctArrivalIndex() throws Exception {
    // @start region="sharedBarrier"
    SharedBarrier start = SharedBarrier.create(3);          // the parent and two workers
    SerializableCallable<Integer> arrive = () -> start.await();
    Future<Integer> first = pool.submit(arrive);
    Future<Integer> second = pool.submit(arrive);
    int arrival = start.await();                            // 0, 1 or 2: the order they came in
    // @end
    List<Integer> arrivals = List.of(arrival, first.get(WAIT.toSeconds(), TimeUnit.SECONDS),
        second.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertThat(arrivals).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(start.isBroken()).isFalse();
  }

  @Test
  void listenerAndClient_aWorkerConnectsWithTheKey_andTheyTalk() throws Exception {
    byte[] secret = "a shared secret".getBytes(StandardCharsets.UTF_8);
    Object request;
    Future<Object> reply;
    // @start region="listener"
    try (Listener listener = Listener.builder().authKey(secret).open()) {   // a Unix socket in a private directory
      Address address = listener.address();                                 // hand it to the clients
      reply = pool.submit(() -> talk(address, secret));                     // a client in another process
      try (Connection client = listener.accept()) {
        request = client.recv();                                            // "hello"
        client.send("hi");
      }
    }
    // @end
    assertThat(request).isEqualTo("hello");
    assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hi");
  }

  /** The client's side of {@link #listenerAndClient_aWorkerConnectsWithTheKey_andTheyTalk()}, run in a worker. */
  private static Object talk(Address address, byte[] secret) throws Exception {
    Object reply;
    // @start region="client"
    try (Connection server = Client.connect(address, secret)) {
      server.send("hello");
      reply = server.recv();          // what the listener's side answers: "hi"
    }
    // @end
    return reply;
  }

  @Test
  void sharedValue_twoWorkersAddUnderItsLock_loseNoIncrement() throws Exception {
    // @start region="sharedValue"
    SharedValue<Integer> counter = SharedValue.create(CType.INT, 0);
    SerializableRunnable work = () -> {
      for (int i = 0; i < 10_000; i++) {
        Lock lock = counter.getLock();
        lock.lock();
        try {
          counter.set(counter.get() + 1);      // a read-modify-write needs the lock around it
        } finally {
          lock.unlock();
        }
      }
    };
    // @end
    Future<?> a = pool.submit(work);
    Future<?> b = pool.submit(work);
    a.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    b.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(counter.get()).isEqualTo(20_000);
  }

  @Test
  void sharedRLock_theHolderTakesItAgain_andItIsFreeAfterAsManyUnlocks() throws Exception {
    int twice;
    // @start region="sharedRLock"
    SharedRLock lock = SharedRLock.create();
    lock.lock();
    lock.lock();                 // the holder again: the hold count is 2
    twice = lock.getHoldCount();
    lock.unlock();
    lock.unlock();               // free
    // @end
    assertThat(twice).isEqualTo(2);
    assertThat(lock.getHoldCount()).isZero();
    Future<Boolean> elsewhere = pool.submit(() -> {
      boolean got = lock.tryLock();
      if (got) {
        lock.unlock();
      }
      return got;
    });
    assertThat(elsewhere.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shareableList_anotherProcessAttachesByName_andSeesTheChanges() throws Exception {
    // @start region="shareableList"
    ShareableList list = ShareableList.create(Arrays.asList("howdy", 100, 2.5, true, null));
    String name = list.shm().name();            // another process: ShareableList.attach(name)
    list.set(1, 42);                            // an item may change, even its type (ints read back as longs)...
    list.set(0, "hi");                          // ...but a string or byte array only within its first length
    // @end
    try {
      Future<ArrayList<Object>> seen = pool.submit(() -> {
        ShareableList attached = ShareableList.attach(name);
        try {
          return new ArrayList<>(attached);
        } finally {
          attached.shm().close();
        }
      });
      assertThat(seen.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly("hi", 42L, 2.5, true, null);
      assertThatThrownBy(() -> list.set(0, "longer than howdy")).isInstanceOf(IllegalArgumentException.class);
    } finally {
      list.shm().close();
      list.shm().unlink();
    }
  }

  @Test
  void sharedEvent_settingIt_releasesAWaitingChild() throws Exception {
    // @start region="sharedEvent"
    SharedEvent go = SharedEvent.create();
    ChildProcess child = ChildProcess.of(() -> {
      try {
        if (!go.await(Duration.ofSeconds(60))) {
          throw new IllegalStateException("not set in time");    // the child exits with code 1
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    child.start();
    go.set();                               // every waiter, in every process, returns
    // @end
    assertThat(child.join(WAIT)).isTrue();
    assertThat(child.exitCode()).isEqualTo(OptionalInt.of(0));
    assertThat(go.isSet()).isTrue();
  }

  @Test
  void sharedCondition_workersWaitForACount_thatTheParentRaises() throws Exception {
    // @start region="sharedCondition"
    SharedCondition ready = SharedCondition.create();
    SharedValue<Integer> count = SharedValue.createRaw(CType.INT, 0);
    SerializableCallable<Boolean> waiter = () -> {    // in each of several processes:
      ready.lock();
      try {
        return ready.waitFor(() -> count.get() >= 3, Duration.ofSeconds(60));
      } finally {
        ready.unlock();
      }
    };
    // @end
    Future<Boolean> a = pool.submit(waiter);
    Future<Boolean> b = pool.submit(waiter);
    for (int i = 0; i < 3; i++) {
      ready.lock();
      try {
        count.set(count.get() + 1);
        ready.signalAll();
      } finally {
        ready.unlock();
      }
    }
    assertThat(a.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS)).isTrue();
    assertThat(b.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void sentinel_becomesReady_whenTheWorkerEndsWithoutSending() throws Exception {
    Pipe pipe = Pipe.open(false);
    SerializableRunnable task = () -> { };     // ends at once, sending nothing
    Connection sender = pipe.right();          // never sends: the sentinel is what becomes ready
    // the receiving end is closed first: closing a never-connected pipe's sending end and then its receiving end
    // throws NoSuchFileException from PipeRendezvous.abandonListening (a library bug, reported to the owner)
    try (sender; Connection results = pipe.left()) {
      // @start region="sentinel"
      ChildProcess worker = ChildProcess.of(task);
      worker.start();
      List<Waitable> ready = Connection.waitAny(List.of(results, worker.sentinel()), Duration.ofSeconds(30));
      if (ready.contains(worker.sentinel())) {
        worker.join();                          // the worker ended (maybe before it sent anything): at once
      }
      // @end
      assertThat(ready).containsExactly(worker.sentinel());
      assertThat(worker.exitCode()).isEqualTo(OptionalInt.of(0));
    }
  }

  @Test
  void sharedSemaphore_bounded_admitsTwoHoldersAndNoMoreReleases() throws Exception {
    int leftWhileHeld = -1;
    // @start region="sharedSemaphore"
    SharedSemaphore slots = SharedSemaphore.createBounded(2);   // at most two holders at once
    if (slots.tryAcquire(Duration.ofSeconds(5))) {
      try {
        leftWhileHeld = slots.availablePermits();              // 1
      } finally {
        slots.release();
      }
    }
    // @end
    assertThat(leftWhileHeld).isEqualTo(1);
    assertThat(slots.tryAcquire()).isTrue();
    assertThat(slots.tryAcquire()).isTrue();
    assertThat(pool.submit(() -> slots.tryAcquire()).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    slots.release();
    slots.release();
    assertThatThrownBy(slots::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void joinableQueue_joinReturns_onceWorkersMarkedEveryTaskDone() throws Exception {
    // @start region="joinableQueue"
    JoinableProcessQueue tasks = JoinableProcessQueue.create();
    SharedValue<Integer> sum = SharedValue.create(CType.INT, 0);
    SerializableCallable<Void> worker = () -> {     // each worker process
      while (true) {
        Object task = tasks.get();
        try {
          if ("stop".equals(task)) {
            return null;
          }
          Lock lock = sum.getLock();
          lock.lock();
          try {
            sum.set(sum.get() + (Integer) task);
          } finally {
            lock.unlock();
          }
        } finally {
          tasks.taskDone();
        }
      }
    };
    Future<?> first = pool.submit(worker);
    Future<?> second = pool.submit(worker);
    for (int i = 0; i < 10; i++) {
      tasks.put(i);
    }
    tasks.join();                                   // every task was taken and finished
    // @end
    try {
      assertThat(sum.get()).isEqualTo(45);
      assertThat(tasks.unfinishedTasks()).isZero();
      tasks.put("stop");
      tasks.put("stop");
      first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      tasks.close();
      tasks.unlink();
    }
  }

  @Test
  void rendezvous_aWorkerConnectsWithTheTicket_andItsBytesArrive() throws Exception {
    String received;
    // @start region="rendezvousListen"
    // the side that listens (the parent)
    try (Rendezvous rendezvous = Rendezvous.open()) {
      Rendezvous.Ticket ticket = rendezvous.ticket();        // hand it over privately: a pipe, or inside a task
      Future<?> child = pool.submit(() -> connectAndGreet(ticket));
      try (SocketChannel peer = rendezvous.accept().orElseThrow()) {
        received = readAll(peer);                            // "hello"
      }
      child.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    // @end
    assertThat(received).isEqualTo("hello");
  }

  /** The connecting side of the rendezvous, run in a worker. */
  private static int connectAndGreet(Rendezvous.Ticket ticket) throws IOException {
    int sent;
    // @start region="rendezvousConnect"
    // the side that connects (the child)
    try (SocketChannel parent = Rendezvous.connect(ticket)) {
      sent = parent.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
    }
    // @end
    return sent;
  }

  private static String readAll(SocketChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
      // keep reading until the worker closes its side
    }
    buffer.flip();
    return StandardCharsets.UTF_8.decode(buffer).toString();
  }

  @Test
  void sharedArray_aChildsWrite_isSeenByTheParent() throws Exception {
    int three;
    // @start region="sharedArray"
    SharedArray<Integer> counts = SharedArray.create(CType.INT, 10);         // ten zeros, with a lock
    ChildProcess child = ChildProcess.of(() -> counts.set(3, 42));
    child.start();
    child.join();
    three = counts.get(3);                                                   // 42
    Lock lock = counts.getLock();                                            // for read-modify-write
    lock.lock();
    try {
      counts.set(0, counts.get(0) + 1);
    } finally {
      lock.unlock();
    }
    // @end
    assertThat(three).isEqualTo(42);
    assertThat(counts.toList()).containsExactly(1, 0, 0, 42, 0, 0, 0, 0, 0, 0);
    assertThat(child.exitCode()).isEqualTo(OptionalInt.of(0));
  }
}
