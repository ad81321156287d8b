package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.run;
import static dev.concurrency.async.AsyncIO.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The async-core README's Ctrl-C recipe ({@code <!-- snippet: ...#ctrlC -->}; the README check keeps the two
 * equal), run on a thread that plays {@code main}. A JVM's shutdown hooks run only when it exits, so inside this
 * class {@code Runtime} is a stand-in that keeps the hook, and the test runs it as the JVM would on Ctrl-C.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class CtrlCReadmeTest {

  /** Stands for {@link java.lang.Runtime}: keeps the shutdown hook instead of registering it with the JVM. */
  static final class Runtime {
    static final Runtime INSTANCE = new Runtime();
    final List<Thread> hooks = Collections.synchronizedList(new ArrayList<>());

    static Runtime getRuntime() {
      return INSTANCE;
    }

    void addShutdownHook(Thread hook) {
      hooks.add(hook);
    }
  }

  /** The program whose main task serves until Ctrl-C. */
  static final class Main {
    static final CountDownLatch SERVING = new CountDownLatch(1);
    static final List<String> STEPS = Collections.synchronizedList(new ArrayList<>());

    static void serve() {
      SERVING.countDown();
      try {
        sleep(Duration.ofDays(1));
        STEPS.add("slept a day");
      } finally {
        STEPS.add("cleaned up");
      }
    }
  }

  /** The recipe, as the README shows it. */
  static void mainWithCtrlC() {
    // @start region="ctrlC"
    Thread mainThread = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mainThread.interrupt();                              // main's task is cancelled and cleans up
      try {
        mainThread.join(5_000);                            // the JVM halts when the hooks end
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    run(Main::serve);                                      // ends in CancelledError caused by InterruptedException
    // @end
  }

  @Test
  void ctrlC_interruptsMain_whoseTaskIsCancelled_cleansUp_andEndsBeforeTheHook() throws Exception {
    AtomicReference<Throwable> ended = new AtomicReference<>();
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    Thread main = Thread.ofPlatform().name("ctrl-c-main").start(() -> {
      try {
        mainWithCtrlC();
      } catch (Throwable t) {
        ended.set(t);
      }
      interruptedAfter.set(Thread.interrupted());
    });
    assertThat(Main.SERVING.await(30, TimeUnit.SECONDS)).as("main serves").isTrue();
    assertThat(Runtime.INSTANCE.hooks).hasSize(1);

    Thread hook = Runtime.INSTANCE.hooks.get(0);
    hook.start();                                          // what the JVM does on Ctrl-C
    hook.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(hook.isAlive()).as("the hook ended").isFalse();
    assertThat(main.isAlive()).as("main ended before the hook did").isFalse();
    assertThat(ended.get()).isInstanceOf(CancelledError.class).hasCauseInstanceOf(InterruptedException.class);
    assertThat(Main.STEPS).containsExactly("cleaned up");
    assertThat(interruptedAfter.get()).as("main's interrupt status is set again").isTrue();
  }
}
