package dev.concurrency.inspect;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jspecify.annotations.Nullable;

/**
 * A connection to the platform MBean server of a JVM on this machine, found by PID.
 *
 * <pre>{@code
 * try (Jvm jvm = Jvm.attach(12345)) {
 *   JvmState state = JvmState.read(jvm.server());
 * }
 * }</pre>
 *
 * <p>It attaches with the JDK's Attach API ({@code com.sun.tools.attach}, which talks to the target over a Unix
 * domain socket in the temporary directory, as {@code jcmd} does), asks the target for its local JMX connector
 * address, starting the local management agent if it has none ({@code VirtualMachine.startLocalManagementAgent},
 * what {@code jcmd PID ManagementAgent.start_local} does), and connects to it. That connector serves local clients
 * only: the JDK binds it to the loopback address on a port of its choosing and refuses connections from other
 * machines; no remote JMX port is configured or opened. A JVM cannot attach to itself, so this JVM's own PID
 * reads its own platform MBean server directly.
 *
 * <p>Not thread-safe: one caller uses a connection, then closes it.
 */
final class Jvm implements AutoCloseable {

  private static final String CONNECTOR_ADDRESS = "com.sun.management.jmxremote.localConnectorAddress";

  private final MBeanServerConnection server;
  private final @Nullable JMXConnector connector;

  private Jvm(MBeanServerConnection server, @Nullable JMXConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Connects to the JVM with process id {@code pid}.
   *
   * @throws IOException if there is no such JVM, it cannot be attached to (another user's, an older JDK, the attach
   *     mechanism turned off), or its connector does not answer; the message says which
   */
  static Jvm attach(long pid) throws IOException {
    if (pid == ProcessHandle.current().pid()) {
      return new Jvm(ManagementFactory.getPlatformMBeanServer(), null);
    }
    String address;
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(String.valueOf(pid));
    } catch (AttachNotSupportedException e) {
      throw new IOException(
          "cannot attach to process " + pid + ": " + e.getMessage() + " (is it a JVM of this user, JDK 21 or newer,"
              + " started without -XX:+DisableAttachMechanism? `jcmd` lists the JVMs you can attach to)", e);
    }
    try {
      address = vm.getAgentProperties().getProperty(CONNECTOR_ADDRESS);
      if (address == null) {
        address = vm.startLocalManagementAgent();
      }
    } finally {
      vm.detach();
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    return new Jvm(connector.getMBeanServerConnection(), connector);
  }

  /** The JVMs of this user on this machine that the Attach API sees, as {@code jcmd} lists them. */
  static List<VirtualMachineDescriptor> list() {
    return VirtualMachine.list();
  }

  MBeanServerConnection server() {
    return server;
  }

  @Override
  public void close() throws IOException {
    if (connector != null) {
      connector.close();
    }
  }
}
