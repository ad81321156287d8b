package dev.concurrency.cluster.forbidden;

import dev.concurrency.cluster.SerializableCallable;
import java.io.Serial;
import java.io.Serializable;

/**
 * A serializable value in a package the test cluster's allowlist does not name ({@code dev.concurrency.cluster.*}
 * covers the package above, not this subpackage).
 *
 * @param contents anything
 */
public record Parcel(String contents) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** An interface in the refused package, for a proxy that implements it. */
  public interface Marker {}

  /** A task whose own class is refused by the members: it never runs. */
  public record Task(String contents) implements SerializableCallable<String> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String call() {
      return contents;
    }
  }
}
