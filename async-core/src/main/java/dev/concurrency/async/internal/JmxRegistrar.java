package dev.concurrency.async.internal;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * Registers MXBeans in the platform MBean server on a daemon thread of its own, after a delay, so that the code
 * that asks (a loop starting) pays for an enqueue and nothing else: the first use of the platform MBean server
 * costs tens to hundreds of milliseconds, and a loop that ends before the delay never registers at all.
 *
 * {@snippet class=dev.concurrency.async.internal.JmxRegistrarSnippetsTest region=register}
 *
 * <p>Thread-safe. Registrations and their removals run in the order they were asked for, on one thread.
 */
public final class JmxRegistrar {

  private static final System.Logger LOG = System.getLogger(JmxRegistrar.class.getName());

  private static final class Holder {
    static final JmxRegistrar SHARED = new JmxRegistrar();
  }

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("dev.concurrency.jmx").unstarted(r));

  private JmxRegistrar() {}

  /**
   * The registrar of this JVM; its thread starts on first use.
   *
   * @return the registrar
   */
  public static JmxRegistrar shared() {
    return Holder.SHARED;
  }

  /**
   * Whether registration is on: the system property {@code dev.concurrency.jmx} is not {@code false}.
   *
   * @return whether registration is on
   */
  public static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty("dev.concurrency.jmx"));
  }

  /**
   * A long system property, or {@code fallback} when it is absent or not a number.
   *
   * @param name the property
   * @param fallback the default
   * @return the value
   */
  public static long longProperty(String name, long fallback) {
    String value = System.getProperty(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring -D" + name + "=" + value + ": not a number; using " + fallback);
      return fallback;
    }
  }

  /**
   * Registers {@code bean} as {@code name} after {@code delayMillis}, replacing a bean already registered there.
   *
   * @param name the object name
   * @param bean the MXBean
   * @param delayMillis how long to wait first, in milliseconds
   * @return what to close to undo it
   */
  public Registration register(ObjectName name, Object bean, long delayMillis) {
    requireNonNull(name, "name");
    requireNonNull(bean, "bean");
    Registration registration = new Registration(name);
    registration.pending = thread.schedule(() -> registration.register(bean), Math.max(0, delayMillis),
        TimeUnit.MILLISECONDS);
    return registration;
  }

  /** One bean's registration; {@link #close()} undoes it. Thread-safe. */
  public final class Registration implements AutoCloseable {
    private final ObjectName name;
    private volatile @Nullable ScheduledFuture<?> pending;
    private volatile boolean registered;

    private Registration(ObjectName name) {
      this.name = name;
    }

    /**
     * Whether the bean is registered now.
     *
     * @return whether the bean is registered now
     */
    public boolean registered() {
      return registered;
    }

    /** The bean's name. @return the bean's name */
    public ObjectName name() {
      return name;
    }

    private void register(Object bean) {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      try {
        try {
          server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException stale) {
          server.unregisterMBean(name);
          server.registerMBean(bean, name);
        }
        registered = true;
      } catch (JMException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot register " + name + " for JMX monitoring", e);
      }
    }

    /**
     * Cancels the registration if it has not started, and unregisters the bean if it was registered, on the
     * registrar's thread. {@code cancel} also succeeds on a registration that is running at that moment, which
     * then still registers the bean: so the removal is always queued, behind it on the one thread, and undoes
     * whatever it did.
     */
    @Override
    public void close() {
      ScheduledFuture<?> p = pending;
      if (p != null) {
        p.cancel(/* mayInterruptIfRunning= */ false);
      }
      thread.execute(
          () -> {
            if (!registered) {
              return;
            }
            registered = false;
            try {
              ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (InstanceNotFoundException gone) {
              // someone else removed it: nothing left to do
            } catch (JMException | RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "cannot unregister " + name, e);
            }
          });
    }
  }
}
