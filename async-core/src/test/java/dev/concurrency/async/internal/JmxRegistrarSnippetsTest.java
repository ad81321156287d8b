package dev.concurrency.async.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.management.MBeanRegistration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code {@link JmxRegistrar}'s Javadoc shows ({@code {@snippet
 * class=dev.concurrency.async.internal.JmxRegistrarSnippetsTest region=register}}), run both ways its comment
 * names: closed before the delay ends, and closed after the bean was registered.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class JmxRegistrarSnippetsTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
  private static final AtomicInteger NAMES = new AtomicInteger();

  /** The bean the snippet registers. */
  public interface ProbeMXBean {
    /** @return a constant, so the bean has an attribute */
    int getAnswer();
  }

  private static ObjectName freshName() throws Exception {
    return new ObjectName("dev.concurrency.test:type=JmxRegistrarSnippet,name=n" + NAMES.incrementAndGet());
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** The snippet, with the delay as a parameter and {@code between} run where it shows {@code ...}. */
  private static JmxRegistrar.Registration registerAndClose(ObjectName name, Duration delay, Runnable between) {
    ProbeMXBean bean = () -> 42;
    // @start region="register"
    JmxRegistrar.Registration r = JmxRegistrar.shared().register(name, bean, delay.toMillis());
    between.run();                        // the bean's life: it registers once the delay is over
    r.close(); // cancels the registration if it has not happened, unregisters otherwise
    // @end
    return r;
  }

  @Test
  void closedBeforeTheDelay_neverRegisters() throws Exception {
    ObjectName name = freshName();
    JmxRegistrar.Registration r = registerAndClose(name, Duration.ofHours(1), () -> { });
    assertThat(r.registered()).isFalse();
    assertThat(r.name()).isEqualTo(name);
    assertThat(SERVER.isRegistered(name)).isFalse();
  }

  @Test
  void closedAfterRegistering_unregisters() throws Exception {
    ObjectName name = freshName();
    JmxRegistrar.Registration r = registerAndClose(name, Duration.ZERO,
        () -> awaitTrue("the bean is registered", () -> SERVER.isRegistered(name)));
    awaitTrue("the bean is unregistered", () -> !SERVER.isRegistered(name) && !r.registered());
  }

  /** A bean whose registration stops half-way, in {@code postRegister}, until the test lets it finish. */
  public static final class SlowProbe implements ProbeMXBean, MBeanRegistration {
    final CountDownLatch inPostRegister = new CountDownLatch(1);
    final CountDownLatch finish = new CountDownLatch(1);

    @Override
    public int getAnswer() {
      return 42;
    }

    @Override
    public ObjectName preRegister(MBeanServer server, ObjectName name) {
      return name;
    }

    @Override
    public void postRegister(Boolean done) {
      inPostRegister.countDown();
      try {
        finish.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void preDeregister() {}

    @Override
    public void postDeregister() {}
  }

  // close() while the registration is running: cancel(false) still "succeeds" then, and the bean, registered a
  // moment later, must not be left behind (it was, until close() stopped trusting that result).
  @Test
  void closedWhileRegistering_stillUnregisters() throws Exception {
    ObjectName name = freshName();
    SlowProbe bean = new SlowProbe();
    JmxRegistrar.Registration r = JmxRegistrar.shared().register(name, bean, 0);
    assertThat(bean.inPostRegister.await(30, TimeUnit.SECONDS)).isTrue();
    r.close();
    bean.finish.countDown();
    awaitTrue("the bean is unregistered", () -> !SERVER.isRegistered(name) && !r.registered());
  }
}
