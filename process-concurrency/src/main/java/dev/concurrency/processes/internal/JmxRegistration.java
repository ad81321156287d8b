package dev.concurrency.processes.internal;

import dev.concurrency.processes.ProcessPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * One pool's MXBean in the platform MBean server: registered a moment after the pool is built (the delay of
 * {@link ProcessPoolMXBean#REGISTRATION_DELAY_PROPERTY}, on a daemon thread), unless {@code -Ddev.concurrency.jmx=false};
 * unregistered by {@link #close}, after which it is never registered.
 *
 * <p>Why later and elsewhere: the first registration in a JVM starts the platform MBean server, tens of
 * milliseconds that a pool living less than the delay should not pay, and no caller's thread should pay at all.
 *
 * <p>Thread-safe: the registrar's thread and the pool's thread meet under this object's monitor, so a close that
 * comes first wins. A failure to register (a name taken meanwhile, a security manager) is logged and leaves the
 * pool unregistered: JMX is a view, never a reason for a pool to fail.
 */
final class JmxRegistration {

  /** The registrar: one daemon thread, started with the first pool that registers. */
  private static final class Registrar {
    static final ScheduledThreadPoolExecutor THREAD = start();

    private static ScheduledThreadPoolExecutor start() {
      ScheduledThreadPoolExecutor registrar = new ScheduledThreadPoolExecutor(
          1, Thread.ofPlatform().daemon().name("dev.concurrency.processes-jmx").factory());
      registrar.setRemoveOnCancelPolicy(true); // a closed pool's pending registration lets go of the pool at once
      return registrar;
    }
  }

  private final String pool;
  private final Object bean;
  private @Nullable ScheduledFuture<?> pending; // guarded by this
  private @Nullable ObjectName registered; // guarded by this
  private boolean closed; // guarded by this

  private JmxRegistration(String pool, Object bean) {
    this.pool = pool;
    this.bean = bean;
  }

  /**
   * Registers {@code bean} under the pool's name ({@link #poolName}) after the delay, unless registration is off.
   * No object name is made and no MBean server started before the registrar's turn.
   *
   * @param pool the pool's name; if the object name is taken when the turn comes, an {@code id} key is added
   * @param bean an MXBean
   * @return the registration, to close when the pool ends
   */
  static JmxRegistration later(String pool, Object bean) {
    JmxRegistration registration = new JmxRegistration(pool, bean);
    if (!"false".equalsIgnoreCase(System.getProperty(ProcessPoolMXBean.REGISTRATION_PROPERTY))) {
      long delay = Math.max(0, Long.getLong(ProcessPoolMXBean.REGISTRATION_DELAY_PROPERTY, 1000L));
      synchronized (registration) {
        registration.pending = Registrar.THREAD.schedule(registration::register, delay, TimeUnit.MILLISECONDS);
      }
    }
    return registration;
  }

  /**
   * The name of a pool's MXBean.
   *
   * @param pool the pool's name
   * @return {@code dev.concurrency.processes:type=ProcessPool,name="POOL"}
   */
  static ObjectName poolName(String pool) {
    try {
      return new ObjectName("dev.concurrency.processes:type=ProcessPool,name=" + ObjectName.quote(pool));
    } catch (JMException e) {
      throw new IllegalArgumentException("no object name can be made for the pool " + pool, e);
    }
  }

  private synchronized void register() {
    pending = null;
    if (closed) {
      return;
    }
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = poolName(pool);
    try {
      ObjectName free = server.isRegistered(name)
          ? new ObjectName(name.getCanonicalName() + ",id=" + Integer.toHexString(System.identityHashCode(bean)))
          : name;
      server.registerMBean(bean, free);
      registered = free;
    } catch (JMException | RuntimeException e) {
      log("could not register " + name, e);
    }
  }

  /** Logs at DEBUG; the logger is looked up only then, as finding one scans the class path. */
  private static void log(String message, Exception e) {
    System.getLogger(JmxRegistration.class.getName()).log(System.Logger.Level.DEBUG, message, e);
  }

  /** Unregisters the bean, or makes sure it is never registered. Idempotent. */
  synchronized void close() {
    closed = true;
    if (pending != null) {
      pending.cancel(/* mayInterruptIfRunning= */ false);
      pending = null;
    }
    if (registered != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
      } catch (JMException e) {
        log("could not unregister " + registered, e);
      }
      registered = null;
    }
  }
}
