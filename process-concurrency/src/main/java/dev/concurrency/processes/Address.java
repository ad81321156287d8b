package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Where a {@link Listener} listens and a {@link Client} connects: a Unix domain socket's path, or a TCP host and
 * port. An address is serializable (a plain record), so it can be sent to the process that connects.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p><b>Python:</b> the addresses of {@code multiprocessing.connection}: a path string ({@code 'AF_UNIX'}) or a
 * {@code (host, port)} tuple ({@code 'AF_INET'}). Difference: there is no {@code 'AF_PIPE'} (Windows named
 * pipes): Unix domain sockets serve on Windows too.
 */
public sealed interface Address extends Serializable permits Address.Unix, Address.Inet {

  /** {@return Python's family name: {@code AF_UNIX} or {@code AF_INET}} */
  String family();

  /** {@return the JDK's socket address} */
  SocketAddress toSocketAddress();

  /**
   * A Unix domain socket at {@code path}.
   *
   * @param path the socket file's path
   */
  record Unix(String path) implements Address {
    /** Checks the path. */
    public Unix {
      requireNonNull(path, "path");
      if (path.isEmpty() || path.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("a Unix domain socket address is a path, not '" + path.replace("\0", "\\0")
            + "' (abstract sockets, which start with a NUL, are not supported by the JDK)");
      }
    }

    @Override
    public String family() {
      return "AF_UNIX";
    }

    @Override
    public SocketAddress toSocketAddress() {
      return UnixDomainSocketAddress.of(path);
    }
  }

  /**
   * A TCP address.
   *
   * @param host a host name or literal address ({@code 127.0.0.1} keeps it on this machine)
   * @param port the port, 0 to let the system choose one when listening
   */
  record Inet(String host, int port) implements Address {
    /** Checks the parts. */
    public Inet {
      requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("a port is 0..65535, not " + port);
      }
    }

    @Override
    public String family() {
      return "AF_INET";
    }

    @Override
    public SocketAddress toSocketAddress() {
      return new InetSocketAddress(host, port);
    }
  }

  /**
   * {@return a Unix domain socket at {@code path}}
   *
   * @param path the socket file's path
   */
  static Address unix(Path path) {
    return new Unix(path.toString());
  }

  /**
   * {@return a TCP address}
   *
   * @param host a host name or literal address
   * @param port the port, 0 to let the system choose one
   */
  static Address inet(String host, int port) {
    return new Inet(host, port);
  }
}
