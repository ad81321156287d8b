package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A loop's MXBean, read from another thread through the platform MBean server, as JConsole reads it. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class LoopMonitorTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  @BeforeAll
  static void registerAtOnce() {
    System.setProperty(EventLoopMXBean.REGISTRATION_DELAY_PROPERTY, "0");
  }

  @AfterAll
  static void restoreDelay() {
    System.clearProperty(EventLoopMXBean.REGISTRATION_DELAY_PROPERTY);
    System.clearProperty(EventLoopMXBean.ANSWER_TIMEOUT_PROPERTY);
  }

  /** Spins, boundedly, until {@code condition} holds; fails the test if it never does. */
  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static ObjectName nameOf(EventLoop loop) {
    LoopMonitor monitor = loop.monitor();
    assertThat(monitor).as("the loop's monitor").isNotNull();
    return monitor.registration().name();
  }

  @Test
  void runningLoop_isRegistered_listsItsTasks_andGoesAwayOnClose() throws Exception {
    EventLoop loop = EventLoop.create();
    CountDownLatch listed = new CountDownLatch(1);
    Thread home =
        Thread.ofPlatform()
            .name("loop-home")
            .start(
                () ->
                    loop.runUntilComplete(
                        loop.createTask(
                            () -> {
                              AsyncTask<Void> sleeper = createTask(() -> sleep(Duration.ofDays(1)), "sleeper");
                              AsyncTask<Void> waiter =
                                  createTask(
                                      () -> {
                                        sleeper.await();
                                      },
                                      "waiter");
                              ThreadBridge.toThread(
                                  () -> {
                                    listed.await();
                                    return null;
                                  });
                              waiter.cancel();
                              sleeper.cancel();
                            })));
    try {
      awaitTrue("the loop has a monitor", () -> loop.isRunning() && loop.monitor() != null);
      ObjectName name = nameOf(loop);
      awaitTrue("the bean is registered", () -> SERVER.isRegistered(name));

      CompositeData snapshot = (CompositeData) SERVER.getAttribute(name, "Snapshot");
      assertThat(snapshot.get("loop")).isEqualTo(name.getKeyProperty("name"));
      assertThat(snapshot.get("thread")).isEqualTo("loop-home");
      assertThat(snapshot.get("running")).isEqualTo(true);
      assertThat(snapshot.get("responsive")).isEqualTo(true);
      assertThat((double) snapshot.get("lagMillis")).isGreaterThanOrEqualTo(0.0);
      assertThat(snapshot.get("taskCount")).isEqualTo(3);

      EventLoopMXBean proxy = JMX.newMXBeanProxy(SERVER, name, EventLoopMXBean.class);
      List<EventLoopMXBean.TaskInfo> tasks = proxy.getSnapshot().tasks();
      assertThat(tasks).extracting(EventLoopMXBean.TaskInfo::name).containsExactly("Task-1", "sleeper", "waiter");
      EventLoopMXBean.TaskInfo sleeper = tasks.get(1);
      EventLoopMXBean.TaskInfo waiter = tasks.get(2);
      assertThat(sleeper.state()).isEqualTo("WAITING");
      assertThat(sleeper.awaiting()).isEqualTo("AsyncIO.sleep");
      assertThat(sleeper.awaitedBy()).containsExactly(waiter.id());
      assertThat(sleeper.stack()).extracting(EventLoopMXBean.FrameInfo::function).startsWith("AsyncIO.sleep");
      assertThat(waiter.awaiting()).isEqualTo("Task 'sleeper'");
      assertThat(proxy.getTaskCount()).isEqualTo(3);
      assertThat(proxy.isRunning()).isTrue();
      assertThat(proxy.getLagMillis()).isGreaterThanOrEqualTo(0.0);
      assertThat(proxy.formatCallGraphs()).contains("* Task(name='sleeper'").contains("* Task(name='waiter'");
    } finally {
      listed.countDown();
      home.join(TimeUnit.SECONDS.toMillis(30));
    }
    ObjectName name = nameOf(loop);
    loop.close();
    awaitTrue("the bean is unregistered", () -> !SERVER.isRegistered(name));
  }

  @Test
  void blockedLoop_isReadWithoutItsHelp_andSaysSo() throws Exception {
    System.setProperty(EventLoopMXBean.ANSWER_TIMEOUT_PROPERTY, "200");
    EventLoop loop = EventLoop.builder().blockedLoopLimit(Duration.ZERO).build();
    CountDownLatch blocking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread home =
        Thread.ofPlatform()
            .start(
                () ->
                    loop.runUntilComplete(
                        loop.createTask(
                            () -> {
                              blocking.countDown();
                              release.await(); // wrong on purpose: blocks the loop
                              return null;
                            })));
    try {
      blocking.await(30, TimeUnit.SECONDS);
      awaitTrue("the loop has a monitor", () -> loop.monitor() != null);
      ObjectName name = nameOf(loop);
      awaitTrue("the bean is registered", () -> SERVER.isRegistered(name));

      EventLoopMXBean.Snapshot snapshot = JMX.newMXBeanProxy(SERVER, name, EventLoopMXBean.class).getSnapshot();
      assertThat(snapshot.responsive()).isFalse();
      assertThat(snapshot.lagMillis()).isEqualTo(-1.0);
      assertThat(snapshot.taskCount()).isEqualTo(1);
    } finally {
      System.clearProperty(EventLoopMXBean.ANSWER_TIMEOUT_PROPERTY);
      release.countDown();
      home.join(TimeUnit.SECONDS.toMillis(30));
      loop.close();
    }
  }

  @Test
  void stoppedLoop_isReadDirectly() {
    EventLoop loop = EventLoop.create();
    try {
      loop.runUntilComplete(loop.createTask(() -> sleep(Duration.ZERO)));
      LoopMonitor monitor = loop.monitor();
      assertThat(monitor).isNotNull();
      assertThat(monitor.isRunning()).isFalse();
      assertThat(monitor.getLagMillis()).isZero();
      EventLoopMXBean.Snapshot snapshot = monitor.getSnapshot();
      assertThat(snapshot.running()).isFalse();
      assertThat(snapshot.responsive()).isTrue();
      assertThat(snapshot.tasks()).isEmpty();
    } finally {
      loop.close();
    }
  }

  @Test
  void registrationOff_leavesNoMonitor() {
    System.setProperty(EventLoopMXBean.ENABLED_PROPERTY, "false");
    EventLoop loop = EventLoop.create();
    try {
      loop.runUntilComplete(loop.createTask(() -> sleep(Duration.ZERO)));
      assertThat(loop.monitor()).isNull();
    } finally {
      System.clearProperty(EventLoopMXBean.ENABLED_PROPERTY);
      loop.close();
    }
  }
}
