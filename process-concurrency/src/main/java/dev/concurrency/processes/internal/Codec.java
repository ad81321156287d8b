package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

/**
 * Java serialization guarded by an allowlist {@link ObjectInputFilter} with size and depth limits.
 *
 * <p>The filter allows the JDK value types a task or result normally holds ({@code java.lang}, {@code java.util},
 * {@code java.time}, {@code java.math}, serialized lambdas), this project's classes, and the patterns the caller
 * adds (in {@link ObjectInputFilter.Config#createFilter} syntax, such as {@code com.example.**}); everything else
 * is rejected. Instances are immutable and thread-safe.
 */
public final class Codec {

  /** The patterns every codec allows. */
  public static final List<String> BASE_ALLOWLIST =
      List.of(
          "java.lang.*",
          "java.lang.invoke.SerializedLambda",
          "java.util.*",
          "java.util.concurrent.*",
          "java.util.concurrent.atomic.*",
          "java.time.*",
          "java.math.*",
          "dev.concurrency.**");

  private final ImmutableList<String> allow;
  private final ObjectInputFilter filter;
  private final long maxBytes;

  private Codec(List<String> allow, long maxBytes, int maxDepth) {
    this.allow = ImmutableList.copyOf(allow);
    this.maxBytes = maxBytes;
    String limits = "maxbytes=" + maxBytes + ";maxdepth=" + maxDepth + ";maxrefs=1000000;maxarray=100000000";
    this.filter = ObjectInputFilter.Config.createFilter(limits + ";" + String.join(";", allow) + ";!*");
  }

  /**
   * A codec allowing {@link #BASE_ALLOWLIST} plus {@code extra}.
   *
   * @param extra more allowed patterns, such as {@code com.example.**}
   * @param maxBytes the largest stream to decode
   * @param maxDepth the deepest object graph to decode
   * @throws IllegalArgumentException if a pattern is malformed or contains {@code ;}, or a limit is not positive
   */
  public static Codec allowing(List<String> extra, long maxBytes, int maxDepth) {
    Preconditions.checkArgument(maxBytes > 0, "maxBytes must be > 0, was %s", maxBytes);
    Preconditions.checkArgument(maxDepth > 0, "maxDepth must be > 0, was %s", maxDepth);
    for (String pattern : extra) {
      requireNonNull(pattern, "pattern");
      Preconditions.checkArgument(
          !pattern.isBlank() && !pattern.contains(";") && !pattern.startsWith("!") && !pattern.contains("="),
          "allowlist pattern '%s' must be one class or package pattern such as com.example.Point or com.example.**",
          pattern);
    }
    return new Codec(ImmutableList.<String>builder().addAll(BASE_ALLOWLIST).addAll(extra).build(), maxBytes, maxDepth);
  }

  /** The allowed patterns, base ones first. */
  public List<String> allowlist() {
    return allow;
  }

  /** The extra patterns (beyond {@link #BASE_ALLOWLIST}), to hand to a child. */
  public List<String> extraAllowlist() {
    return allow.subList(BASE_ALLOWLIST.size(), allow.size());
  }

  /**
   * Serializes {@code value}.
   *
   * @throws java.io.NotSerializableException if it, or anything it refers to, is not serializable
   */
  public static byte[] encode(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  /**
   * Deserializes one object through the filter.
   *
   * @throws java.io.InvalidObjectException if the payload is larger than the size limit (checked first: the
   *     filter itself sees the stream's size only when it meets a new class)
   * @throws java.io.InvalidClassException if the filter rejects a class or a limit is exceeded
   * @throws ClassNotFoundException if a class is not on this process's class path
   */
  public Object decode(byte[] payload) throws IOException, ClassNotFoundException {
    if (payload.length > maxBytes) {
      throw new InvalidObjectException(
          "payload of " + payload.length + " bytes is above the limit of " + maxBytes + " bytes");
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
      in.setObjectInputFilter(filter);
      return in.readObject();
    }
  }
}
