package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.TransferLimitException;
import dev.concurrency.processes.TransferLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How what crosses the process boundary is encoded: Java serialization guarded by an allowlist {@link
 * ObjectInputFilter} with size and depth limits; for tasks that are static methods ({@link #encodeTask}), a
 * form by name that needs no deserialization at all ({@link StaticCall}, {@link StaticChunk}); and for results
 * that are plain values ({@link #encodeResult}), a packed form ({@link PlainValues}, {@link PackedList}). A
 * payload's first byte tells the forms apart: a serialization stream starts with {@code 0xAC}, the others with a
 * letter.
 *
 * <p>The filter allows the JDK value types a task or result normally holds ({@code java.lang}, {@code java.util},
 * {@code java.time}, {@code java.math}, serialized lambdas), this project's classes, and the patterns the caller
 * adds (in {@link ObjectInputFilter.Config#createFilter} syntax, such as {@code com.example.**}); everything else
 * is rejected; a form by name is checked against the same patterns ({@link ClassPatterns}). Instances are
 * immutable and thread-safe: the filter is made lazily, published through a volatile field.
 *
 * <p>Every child JVM loads this class before its first task, so it uses the JDK alone: loading Guava's
 * collections here cost a cold child several milliseconds of class loading and verification.
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

  private static final byte[] NULL = new byte[0];

  /** The first byte of a packed result ({@link #encodeResult}); a serialization stream starts with {@code 0xAC}. */
  static final byte PACKED = 'P';

  /** The first byte of a result that is one {@linkplain PlainValues plain value} ({@link #encodeResult}). */
  static final byte PLAIN = 'V';

  private final List<String> allow;
  private final ClassPatterns patterns;
  private final String filterSpec;
  private final TransferLimits limits;

  /**
   * The filter, made on the first decode that needs it: {@link ObjectInputFilter.Config} costs a cold child
   * about 20 ms, which a child whose task is a {@link StaticCall} never needs to pay. A race makes two equal
   * filters, and either does.
   */
  private volatile @Nullable ObjectInputFilter filter;

  private Codec(List<String> allow, TransferLimits limits) {
    this.allow = List.copyOf(allow);
    this.patterns = new ClassPatterns(allow);
    this.limits = limits;
    // Classes only: the limits are checked by this codec's own filter, so that exceeding one is reported by its
    // name and not as a class the allowlist refused (the JDK's filter says REJECTED for both).
    this.filterSpec = String.join(";", allow) + ";!*";
  }

  /**
   * As {@link #allowing(List, TransferLimits)} with the default limits but for the largest payload and the
   * deepest object graph.
   *
   * @param extra more allowed patterns
   * @param maxBytes the largest payload
   * @param maxDepth the deepest object graph
   * @return the codec
   * @throws IllegalArgumentException if a pattern is malformed or contains {@code ;}, or a limit is not positive
   */
  public static Codec allowing(List<String> extra, long maxBytes, int maxDepth) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
    }
    int frameBytes = (int) Math.min(maxBytes, TransferLimits.MAX_FRAME_BYTES);
    return allowing(extra, TransferLimits.DEFAULT.withMaxFrameBytes(frameBytes).withMaxDepth(maxDepth));
  }

  /**
   * A codec allowing {@link #BASE_ALLOWLIST} plus {@code extra}, whose patterns are checked now.
   *
   * @param extra more allowed patterns, such as {@code com.example.**}
   * @param limits the limits on what it decodes
   * @return the codec
   * @throws IllegalArgumentException if a pattern is malformed or contains {@code ;}
   */
  public static Codec allowing(List<String> extra, TransferLimits limits) {
    requireNonNull(limits, "limits");
    List<String> all = new ArrayList<>(BASE_ALLOWLIST);
    for (String pattern : extra) {
      requireNonNull(pattern, "pattern");
      if (pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!") || pattern.contains("=")) {
        throw new IllegalArgumentException(
            "allowlist pattern '" + pattern + "' must be one class or package pattern such as com.example.Point or"
                + " com.example.**");
      }
      all.add(pattern);
    }
    Codec codec = new Codec(all, limits);
    codec.filter(); // the JDK's own check of the pattern syntax, in the parent rather than in a child
    return codec;
  }

  /**
   * As {@link #allowing(List, TransferLimits)}, for patterns {@code allowing} already checked in the parent: a
   * child's codec, which makes its filter only when it first deserializes something.
   */
  static Codec forChild(List<String> extra, TransferLimits limits) {
    List<String> all = new ArrayList<>(BASE_ALLOWLIST);
    all.addAll(extra);
    return new Codec(all, limits);
  }

  /**
   * The limits this codec decodes under.
   *
   * @return the limits
   */
  public TransferLimits limits() {
    return limits;
  }

  private ObjectInputFilter filter() {
    ObjectInputFilter made = filter;
    if (made == null) {
      made = ObjectInputFilter.Config.createFilter(filterSpec);
      filter = made;
    }
    return made;
  }

  /**
   * The allowed patterns, base ones first.
   *
   * @return the patterns
   */
  public List<String> allowlist() {
    return allow;
  }

  /**
   * The extra patterns (beyond {@link #BASE_ALLOWLIST}), to hand to a child.
   *
   * @return the extra patterns
   */
  public List<String> extraAllowlist() {
    return allow.subList(BASE_ALLOWLIST.size(), allow.size());
  }

  /**
   * Serializes {@code value}; {@code null} is the empty array, which costs a child that returns nothing no
   * {@link ObjectOutputStream} at all.
   *
   * @param value the value, or {@code null}
   * @return its bytes
   * @throws java.io.NotSerializableException if it, or anything it refers to, is not serializable
   */
  public static byte[] encode(@Nullable Object value) throws IOException {
    if (value == null) {
      return NULL;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  /**
   * Encodes a task for a child: by name if it is a {@link StaticCall} or a {@link StaticChunk}, else serialized.
   *
   * @param task the task
   * @return its bytes
   * @throws java.io.NotSerializableException if it, or anything it refers to, is not serializable
   */
  public static byte[] encodeTask(Object task) throws IOException {
    if (task instanceof ChunkTask<?, ?> chunk) {
      Optional<StaticChunk> byName = StaticChunk.of(chunk);
      return byName.isPresent() ? byName.get().encode() : encode(task);
    }
    Optional<StaticCall> call = StaticCall.of(task);
    return call.isPresent() ? call.get().encode() : encode(task);
  }

  /**
   * Encodes a task's result for the parent, with no object stream where it can: a {@link PackedList} of plain
   * values (a {@code map} chunk's results) as its packed form after a {@link #PACKED} byte, one {@linkplain
   * PlainValues plain value} (a number, a string, an array of numbers) after a {@link #PLAIN} byte; anything else
   * serialized, and {@code null} as the empty array.
   *
   * @param result the result, or {@code null}
   * @return its bytes
   * @throws java.io.NotSerializableException if it, or anything it refers to, is not serializable
   */
  public static byte[] encodeResult(@Nullable Object result) throws IOException {
    if (result instanceof PackedList<?> list && list.packs()) {
      try (TaggedPayload out = new TaggedPayload(PACKED, 8 + 8 * list.size())) {
        list.writePacked(out);
        return out.toByteArray();
      }
    }
    if (result != null && PlainValues.isPlain(result)) {
      try (TaggedPayload out = new TaggedPayload(PLAIN, 64)) {
        PlainValues.write(out, result);
        return out.toByteArray();
      }
    }
    return encode(result);
  }

  /**
   * Decodes a {@link StaticCall}, a {@link StaticChunk}, a packed result or a plain value, or deserializes one
   * object through the filter; the empty array is {@code null}.
   *
   * @param payload the bytes
   * @return the value, or {@code null} for the empty array
   * @throws TransferLimitException if the payload is larger than {@link TransferLimits#maxFrameBytes} (checked
   *     first: the filter itself sees the stream's size only when it meets a new class), or its object graph has
   *     more objects, a deeper nesting or a longer array than the limits allow
   * @throws java.io.InvalidClassException if the filter rejects a class
   * @throws ClassNotFoundException if a class is not on this process's class path
   */
  public @Nullable Object decode(byte[] payload) throws IOException, ClassNotFoundException {
    if (payload.length == 0) {
      return null;
    }
    if (payload.length > limits.maxFrameBytes()) {
      throw limits.exceeded(TransferLimits.Limit.MAX_FRAME_BYTES, "a payload", payload.length);
    }
    switch (payload[0]) {
      case StaticCall.TAG -> {
        return StaticCall.decode(payload, patterns);
      }
      case StaticChunk.TAG -> {
        return StaticChunk.decode(payload, patterns);
      }
      case PACKED -> {
        try (DataInputStream in = TaggedPayload.read(payload, PACKED, "a packed result")) {
          return PackedList.readPacked(in);
        }
      }
      case PLAIN -> {
        try (DataInputStream in = TaggedPayload.read(payload, PLAIN, "a plain value")) {
          return PlainValues.read(in);
        }
      }
      default -> {
        return deserialize(payload);
      }
    }
  }

  /** Deserializes one object through the filter, naming a class it rejects or a limit it exceeds. */
  private @Nullable Object deserialize(byte[] payload) throws IOException, ClassNotFoundException {
    Verdict verdict = new Verdict(filter(), limits);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
      in.setObjectInputFilter(verdict);
      return in.readObject();
    } catch (InvalidClassException e) {
      if (verdict.exceeded != null) {
        TransferLimitException named = limits.exceeded(verdict.exceeded, "an object graph in the payload", verdict.actual);
        named.initCause(e);
        throw named;
      }
      if (verdict.rejected != null) {
        throw notAllowed(verdict.rejected, allow.toString(), e);
      }
      throw e;
    }
  }

  /**
   * The filter of one decode: the limits first, then the allowlist, remembering which of them said no. Not
   * thread-safe: one per stream.
   */
  private static final class Verdict implements ObjectInputFilter {
    private final ObjectInputFilter allowlist;
    private final TransferLimits limits;
    TransferLimits.@Nullable Limit exceeded;
    long actual;
    @Nullable String rejected;

    Verdict(ObjectInputFilter allowlist, TransferLimits limits) {
      this.allowlist = allowlist;
      this.limits = limits;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (info.depth() > limits.maxDepth()) {
        return exceed(TransferLimits.Limit.MAX_DEPTH, info.depth());
      }
      if (info.references() > limits.maxObjects()) {
        return exceed(TransferLimits.Limit.MAX_OBJECTS, -1);
      }
      if (info.arrayLength() > limits.maxArrayLength()) {
        return exceed(TransferLimits.Limit.MAX_ARRAY_LENGTH, info.arrayLength());
      }
      Class<?> type = info.serialClass();
      if (type == null) {
        return Status.UNDECIDED;
      }
      if (type.isHidden() && type.getName().contains("$$Lambda")) {
        // The lambda a SerializedLambda resolved to: its capturing class already passed the filter.
        return Status.ALLOWED;
      }
      Status status = allowlist.checkInput(info);
      if (status == Status.REJECTED) {
        rejected = type.getName();
      }
      return status;
    }

    private Status exceed(TransferLimits.Limit limit, long value) {
      exceeded = limit;
      actual = value;
      return Status.REJECTED;
    }
  }

  /** The error for a class the allowlist rejects, saying how to allow it. */
  static InvalidClassException notAllowed(String className, String allowlist, @Nullable Exception cause) {
    InvalidClassException named = new InvalidClassException(
        className, "not on the deserialization allowlist " + allowlist + "; add a pattern for it (allow(\"com.example.**\"))");
    named.initCause(cause);
    return named;
  }
}
