package dev.concurrency.cluster.internal;

import com.hazelcast.config.ClassFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a task's result travels back: serialized by the member that ran the task into bytes, read by the submitter
 * through its allowlist.
 *
 * <p>Why not let Hazelcast carry the result object: a result whose class the submitter's Hazelcast filter refuses
 * is dropped by Hazelcast's response thread ("While processing response...") and its future waits until the
 * invocation times out, about a minute, instead of failing; and a result from the submitter's own member is handed
 * over by reference, never serialized, so a result that cannot be serialized would work locally and fail remotely.
 * As bytes, every result is serialized on its member, and a refused class fails its task at once.
 *
 * <p>The allowlist is Hazelcast's {@link ClassFilter} built by {@link Allowlist#filter}, checked by name before a
 * class is loaded, plus Hazelcast's default allowlist ({@code java}, {@code [}, {@code com.hazelcast.}), so a result
 * is allowed here exactly when a member's Hazelcast filter would allow it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Wire {

  /** Hazelcast's default allowlist (SerializationClassNameFilter's DEFAULT_WHITELIST), which it always applies. */
  private static final List<String> HAZELCAST_DEFAULTS = List.of("com.hazelcast.", "java", "[");

  private Wire() {}

  /**
   * A value's bytes.
   *
   * @param value the value, may be null
   * @return its serialized form
   * @throws IOException if it cannot be serialized, such as a {@link java.io.NotSerializableException}
   */
  public static byte[] write(@Nullable Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  /**
   * A value from its bytes, loading only classes the allowlist names.
   *
   * @param bytes what {@link #write} produced
   * @param allowlist the allowlist patterns of this JVM (without the defaults, which are added)
   * @return the value
   * @throws Refused if a class is not allowed, before it is loaded
   * @throws IOException if the bytes cannot be read
   * @throws ClassNotFoundException if a class is not on this JVM's class path
   */
  public static @Nullable Object read(byte[] bytes, List<String> allowlist)
      throws IOException, ClassNotFoundException {
    ClassFilter allowed = Allowlist.filter(allowlist).getWhitelist();
    try (ObjectInputStream in = new FilteredInput(new ByteArrayInputStream(bytes), allowed)) {
      return in.readObject();
    }
  }

  /** A class an allowlist refused: reading stopped before the class was loaded. */
  public static final class Refused extends InvalidClassException {
    private static final long serialVersionUID = 1L;

    private final String className;

    Refused(String className) {
      super(className, "not on the deserialization allowlist");
      this.className = className;
    }

    /**
     * The refused class.
     *
     * @return its name
     */
    public String className() {
      return className;
    }
  }

  private static final class FilteredInput extends ObjectInputStream {
    private final ClassFilter allowed;

    FilteredInput(ByteArrayInputStream in, ClassFilter allowed) throws IOException {
      super(in);
      this.allowed = allowed;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
      String name = description.getName();
      check(name);
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      if (context != null) {
        try {
          return Class.forName(name, false, context);
        } catch (ClassNotFoundException notThere) {
          // the default resolution below looks in this module's loader too
        }
      }
      return super.resolveClass(description);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
      for (String name : interfaces) {
        check(name);
      }
      return super.resolveProxyClass(interfaces);
    }

    private void check(String name) throws Refused {
      if (allowed.isListed(name) || HAZELCAST_DEFAULTS.stream().anyMatch(name::startsWith)) {
        return;
      }
      throw new Refused(name);
    }
  }
}
