package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
final class ThreadHandleTest {

  private static ThreadHandle make(boolean virtual, String name, Runnable body) {
    return virtual ? ThreadHandle.virtual(name, body) : ThreadHandle.platform(name, body);
  }

  @ParameterizedTest(name = "virtual={0}")
  @ValueSource(booleans = {false, true})
  void startJoin_normalBody_runsInNamedThreadAndStops(boolean virtual) throws Exception {
    AtomicReference<Thread> ranIn = new AtomicReference<>();
    ThreadHandle t = make(virtual, "task1", () -> ranIn.set(Thread.currentThread()));
    assertThat(t.isStarted()).isFalse();
    assertThat(t.toString()).contains("initial");

    t.start();
    t.joinOrThrow();

    assertThat(ranIn.get().getName()).isEqualTo("task1");
    assertThat(ranIn.get().isVirtual()).isEqualTo(virtual);
    assertThat(t.isVirtual()).isEqualTo(virtual);
    assertThat(t.isAlive()).isFalse();
    assertThat(t.failure()).isEmpty();
    assertThat(t.threadId()).isEqualTo(ranIn.get().threadId());
    assertThat(t.toString()).contains("task1", "stopped");
  }

  // CPython: test_threading.py ExceptHookTests.test_excepthook, ThreadingExceptionTests.test_print_exception --
  // difference: the failure is kept and given to the hook, never printed (nothing reaches the uncaught handler)
  @ParameterizedTest(name = "virtual={0}")
  @ValueSource(booleans = {false, true})
  void join_bodyThrows_failureCapturedAndRethrownByJoinOrThrow(boolean virtual) throws Exception {
    AtomicReference<Throwable> hooked = new AtomicReference<>();
    AtomicReference<Throwable> printed = new AtomicReference<>();
    IllegalStateException boom = new IllegalStateException("boom");
    ThreadHandle t =
        ThreadHandle.builder(
                () -> {
                  Thread.currentThread().setUncaughtExceptionHandler((th, e) -> printed.set(e));
                  throw boom;
                })
            .name("failing")
            .virtual(virtual)
            .onFailure(hooked::set)
            .build();

    t.start();
    t.join();

    assertThat(t.failure()).containsSame(boom);
    assertThat(hooked.get()).isSameAs(boom);
    assertThat(printed.get()).as("nothing reached the uncaught-exception handler").isNull();
    assertThatThrownBy(t::joinOrThrow)
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("failing")
        .cause()
        .isSameAs(boom);
  }

  // CPython: test_threading.py ThreadTests.test_join_with_timeout, test_repr_stopped
  @Test
  void joinWithTimeout_whileBlocked_returnsFalseThenTrueOnceReleased() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ThreadHandle t =
        ThreadHandle.platform(
                "blocked",
                TestSupport.awaiting(release))
            .start();

    assertThat(t.join(Duration.ZERO)).isFalse();
    assertThat(t.isAlive()).isTrue();
    assertThat(t.toString()).contains("started");
    release.countDown();
    assertThat(t.join(LONG_DELAY)).isTrue();
    t.joinOrThrow();
    assertThat(t.toString()).contains("stopped " + t.threadId());
  }

  @Test
  void interrupt_blockedBody_failsWithInterruptedException() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ThreadHandle t =
        ThreadHandle.virtual(
                "sleeper",
                () -> {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                  }
                })
            .start();

    t.interrupt();
    t.join();

    assertThat(t.failure()).get().isInstanceOf(IllegalStateException.class);
  }

  // CPython: test_threading.py ThreadingExceptionTests.test_start_thread_again
  @Test
  void start_twice_throwsIllegalState() throws Exception {
    ThreadHandle t = ThreadHandle.platform("once", () -> {}).start();
    t.join();
    assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("only be started once");
  }

  // CPython: test_threading.py ThreadingExceptionTests.test_joining_inactive_thread
  @Test
  void join_beforeStart_throwsIllegalState() {
    ThreadHandle t = ThreadHandle.platform("unstarted", () -> {});
    assertThatThrownBy(t::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("before it is started");
    assertThatThrownBy(() -> t.join(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void join_negativeTimeout_throwsIllegalArgument() throws Exception {
    ThreadHandle t = ThreadHandle.platform("x", () -> {}).start();
    assertThatThrownBy(() -> t.join(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    t.join();
  }

  // CPython: test_threading.py ThreadTests.test_daemon_param
  @Test
  void builder_daemonAndVirtual_flagsAsAskedOrRejected() throws Exception {
    ThreadHandle daemon = ThreadHandle.builder(() -> {}).name("d").daemon(true).build();
    assertThat(daemon.isDaemon()).isTrue();
    assertThat(ThreadHandle.platform("p", () -> {}).isDaemon()).isFalse();
    assertThat(ThreadHandle.virtual("v", () -> {}).isDaemon()).isTrue();
    assertThatThrownBy(() -> ThreadHandle.builder(() -> {}).virtual(true).daemon(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("always daemon");
    assertThatThrownBy(() -> ThreadHandle.builder(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("body");
  }

  // CPython: test_threading.py ThreadTests.test_name -- a given name is kept; without one, Python's "Thread-N"
  @Test
  void name_givenOrDefault() {
    assertThat(ThreadHandle.platform("myname1", () -> {}).name()).isEqualTo("myname1");
    String first = ThreadHandle.builder(() -> {}).build().name();
    String second = ThreadHandle.builder(() -> {}).build().name();
    assertThat(first).matches("Thread-\\d+");
    assertThat(second).matches("Thread-\\d+").isNotEqualTo(first);
  }

  // CPython: test_threading.py ThreadTests.test_various_ops -- ten threads, at most three at a time in the
  // guarded part; each has its own id; initial, started, stopped
  @Test
  void manyThreads_semaphoreLimited_allRunAndStop() throws Exception {
    java.util.concurrent.Semaphore sema = new java.util.concurrent.Semaphore(3);
    java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger maxRunning = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<ThreadHandle> threads = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ThreadHandle t =
          ThreadHandle.platform(
              "<thread " + i + ">",
              () -> {
                try {
                  sema.acquire();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                try {
                  maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                  Thread.yield();
                  running.decrementAndGet();
                } finally {
                  sema.release();
                }
              });
      assertThat(t.toString()).contains("initial");
      threads.add(t);
      t.start();
    }
    assertThat(threads.stream().map(ThreadHandle::threadId).distinct()).hasSize(10);
    for (ThreadHandle t : threads) {
      t.joinOrThrow();
      assertThat(t.isAlive()).isFalse();
      assertThat(t.toString()).matches("ThreadHandle\\[<thread \\d>, stopped \\d+]");
    }
    assertThat(running).hasValue(0);
    assertThat(maxRunning.get()).isBetween(1, 3);
  }

  // CPython: test_threading.py ThreadTests.test_various_ops_small_stack, test_various_ops_large_stack
  @ParameterizedTest
  @ValueSource(longs = {262_144, 1_048_576})
  void stackSize_asked_threadRuns(long bytes) throws Exception {
    java.util.concurrent.atomic.AtomicInteger depth = new java.util.concurrent.atomic.AtomicInteger();
    ThreadHandle t = ThreadHandle.builder(() -> depth.set(recurse(100))).stackSize(bytes).build().start();
    t.joinOrThrow();
    assertThat(depth).hasValue(100);
    assertThatThrownBy(() -> ThreadHandle.builder(() -> {}).stackSize(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThreadHandle.builder(() -> {}).virtual(true).stackSize(bytes).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stack");
  }

  private static int recurse(int n) {
    return n == 0 ? 0 : 1 + recurse(n - 1);
  }

  // CPython: test_threading.py ThreadTests.test_join_from_multiple_threads -- join is thread-safe
  @Test
  void join_fromManyThreadsAtOnce_allReturn() throws Exception {
    for (int n = 2; n < 20; n += 5) {
      CountDownLatch release = new CountDownLatch(1);
      ThreadHandle worker =
          ThreadHandle.platform(
                  "worker",
                  TestSupport.awaiting(release))
              .start();
      java.util.List<ThreadHandle> joiners = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        joiners.add(
            ThreadHandle.platform(
                    "joiner-" + i,
                    () -> {
                      try {
                        worker.join();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .start());
      }
      release.countDown();
      for (ThreadHandle j : joiners) {
        j.joinOrThrow();
      }
      worker.joinOrThrow();
    }
  }

  // CPython: test_threading.py ThreadTests.test_no_refcycle_through_target -- a joined handle does not keep
  // its body (or what the body holds) alive
  @Test
  void join_bodyNoLongerReferenced() throws Exception {
    Object payload = new Object();
    java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(payload);
    Runnable body = payload::hashCode;
    payload = null;
    ThreadHandle t = ThreadHandle.platform("drops-body", body).start();
    body = null;
    t.joinOrThrow();
    TestSupport.awaitCondition(
        "the body's objects are collected",
        () -> {
          System.gc();
          return ref.get() == null;
        });
    assertThat(t.isAlive()).isFalse();
  }

  // CPython: test_threading.py ThreadTests.test_repr_daemon
  @Test
  void toString_namesDaemonOnlyForDaemons() {
    assertThat(ThreadHandle.platform("p", () -> {}).toString()).doesNotContain("daemon");
    assertThat(ThreadHandle.builder(() -> {}).daemon(true).build().toString()).contains("daemon");
  }

  // CPython: test_threading.py ThreadingExceptionTests.test_joining_current_thread
  @Test
  void join_fromItsOwnThread_throwsIllegalState() throws Exception {
    AtomicReference<ThreadHandle> self = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch handleSet = new CountDownLatch(1);
    ThreadHandle t =
        ThreadHandle.platform(
            "self-joiner",
            () -> {
              try {
                handleSet.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                self.get().join();
              } catch (Exception e) {
                thrown.set(e);
              }
            });
    self.set(t);
    t.start();
    handleSet.countDown();
    t.joinOrThrow();
    assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot join itself");
  }

  // CPython: test_threading.py ThreadingExceptionTests.test_recursion_limit -- runaway recursion in a thread
  // ends that thread with an error; the program goes on
  @Test
  void body_overflowsItsStack_failureCapturedProgramGoesOn() throws Exception {
    ThreadHandle t = ThreadHandle.builder(() -> recurse(Integer.MAX_VALUE)).stackSize(256 * 1024).build().start();
    t.join();
    assertThat(t.failure()).get().isInstanceOf(StackOverflowError.class);
  }

  // CPython: test_threading.py ExceptHookTests.test_custom_excepthook -- the hook gets the exception, in the
  // failing thread
  @Test
  void onFailure_runsInTheFailingThreadWithTheException() throws Exception {
    AtomicReference<Thread> hookThread = new AtomicReference<>();
    AtomicReference<Throwable> hooked = new AtomicReference<>();
    AtomicReference<Thread> bodyThread = new AtomicReference<>();
    ThreadHandle t =
        ThreadHandle.builder(
                () -> {
                  bodyThread.set(Thread.currentThread());
                  throw new IllegalArgumentException("run failed");
                })
            .onFailure(
                e -> {
                  hookThread.set(Thread.currentThread());
                  hooked.set(e);
                })
            .build()
            .start();
    t.join();
    assertThat(hooked.get()).isInstanceOf(IllegalArgumentException.class).hasMessage("run failed");
    assertThat(hookThread.get()).isSameAs(bodyThread.get());
  }

  // CPython: test_threading.py ExceptHookTests.test_custom_excepthook_fail -- a hook that throws: its exception
  // goes to the thread's uncaught-exception handler (Python: sys.excepthook); the failure is still kept
  @Test
  void onFailure_hookThrows_itsExceptionReachesUncaughtHandler() throws Exception {
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    CountDownLatch handlerSet = new CountDownLatch(1);
    ThreadHandle t =
        ThreadHandle.builder(
                () -> {
                  try {
                    handlerSet.await(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  throw new IllegalArgumentException("run failed");
                })
            .name("hook-fails")
            .onFailure(e -> { throw new IllegalStateException("threading_hook failed"); })
            .build()
            .start();
    TestSupport.threadOf(t).setUncaughtExceptionHandler((th, e) -> uncaught.set(e));
    handlerSet.countDown();
    t.join();
    assertThat(uncaught.get()).hasMessage("threading_hook failed");
    assertThat(t.failure()).get().extracting(Throwable::getMessage).isEqualTo("run failed");
  }
}
