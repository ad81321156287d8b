package dev.concurrency.processes;

/**
 * The limits on what crosses between this JVM and a child: each one a named setting, each one named by the error
 * that reports it being exceeded ({@link TransferLimitException}). Both sides apply the same limits: the parent
 * to results and failures, the child to tasks and their arguments.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=transferLimits}
 *
 * <p>What happens when one is exceeded: a task (or argument) whose encoded form is larger than
 * {@link #maxFrameBytes} is refused at {@code submit} with a {@link TransferLimitException} and never sent; a
 * result that is larger fails that task only (the child sends the error instead of the result); an object graph
 * with more objects, a deeper nesting or a longer array than allowed fails the task whose payload it is, when it
 * is decoded. No limit kills a worker. The limits exist because the receiving side allocates what a length field
 * says and follows what a stream says: without them, one corrupt or hostile payload could exhaust its heap.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p><b>Python:</b> {@code multiprocessing} has no such limits (a pickle is trusted). Differences: these limits
 * are checked on both sides, and a payload beyond one fails with an error that names it.
 *
 * @param maxFrameBytes the largest encoded task, argument chunk, result or failure, in bytes
 * @param maxObjects the most objects one serialized payload may hold (the filter's {@code maxrefs})
 * @param maxDepth the deepest nesting of objects in one serialized payload (the filter's {@code maxdepth})
 * @param maxArrayLength the longest array in one payload (the filter's {@code maxarray}), of any element type
 */
public record TransferLimits(int maxFrameBytes, long maxObjects, int maxDepth, int maxArrayLength) {

  /** The most {@link #maxFrameBytes} can be: a Java array's limit, less room for a frame's header. */
  public static final int MAX_FRAME_BYTES = Integer.MAX_VALUE - 64;

  /** 64 MiB frames, a million objects, depth 1000, arrays of 100 million elements. */
  public static final TransferLimits DEFAULT = new TransferLimits(64 << 20, 1_000_000, 1000, 100_000_000);

  /** One of the limits, by the name of its setting. */
  public enum Limit {
    /** {@link TransferLimits#maxFrameBytes()}. */
    MAX_FRAME_BYTES("maxFrameBytes", "withMaxFrameBytes"),
    /** {@link TransferLimits#maxObjects()}. */
    MAX_OBJECTS("maxObjects", "withMaxObjects"),
    /** {@link TransferLimits#maxDepth()}. */
    MAX_DEPTH("maxDepth", "withMaxDepth"),
    /** {@link TransferLimits#maxArrayLength()}. */
    MAX_ARRAY_LENGTH("maxArrayLength", "withMaxArrayLength");

    private final String setting;
    private final String wither;

    Limit(String setting, String wither) {
      this.setting = setting;
      this.wither = wither;
    }

    /**
     * The setting's name, as in {@code TransferLimits.maxDepth}.
     *
     * @return the setting's name
     */
    public String setting() {
      return setting;
    }

    /** How to raise it, for error messages. */
    String howToRaise() {
      return "raise it with limits(TransferLimits.DEFAULT." + wither + "(...)) on the ProcessPool or ChildProcess builder";
    }
  }

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException if one is not positive, or {@code maxFrameBytes} is above
   *     {@link #MAX_FRAME_BYTES}
   */
  public TransferLimits {
    positive("maxFrameBytes", maxFrameBytes);
    positive("maxObjects", maxObjects);
    positive("maxDepth", maxDepth);
    positive("maxArrayLength", maxArrayLength);
    if (maxFrameBytes > MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be <= " + MAX_FRAME_BYTES + ", was " + maxFrameBytes);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) { // a plain check: a child reads limits on its start-up path, where Guava is not loaded
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }

  /**
   * These limits with another {@link #maxFrameBytes}.
   *
   * @param bytes the largest frame, in bytes
   * @return the new limits
   */
  public TransferLimits withMaxFrameBytes(int bytes) {
    return new TransferLimits(bytes, maxObjects, maxDepth, maxArrayLength);
  }

  /**
   * These limits with another {@link #maxObjects}.
   *
   * @param objects the most objects in one payload
   * @return the new limits
   */
  public TransferLimits withMaxObjects(long objects) {
    return new TransferLimits(maxFrameBytes, objects, maxDepth, maxArrayLength);
  }

  /**
   * These limits with another {@link #maxDepth}.
   *
   * @param depth the deepest nesting in one payload
   * @return the new limits
   */
  public TransferLimits withMaxDepth(int depth) {
    return new TransferLimits(maxFrameBytes, maxObjects, depth, maxArrayLength);
  }

  /**
   * These limits with another {@link #maxArrayLength}.
   *
   * @param length the longest array in one payload
   * @return the new limits
   */
  public TransferLimits withMaxArrayLength(int length) {
    return new TransferLimits(maxFrameBytes, maxObjects, maxDepth, length);
  }

  /**
   * The value of {@code limit} here.
   *
   * @param limit the limit
   * @return its value
   */
  public long valueOf(Limit limit) {
    return switch (limit) {
      case MAX_FRAME_BYTES -> maxFrameBytes;
      case MAX_OBJECTS -> maxObjects;
      case MAX_DEPTH -> maxDepth;
      case MAX_ARRAY_LENGTH -> maxArrayLength;
    };
  }

  /**
   * The error for {@code what} exceeding {@code limit}.
   *
   * @param what what was too large, such as "the result of task #3"
   * @param actual how large it was, or {@code -1} if only "more than the limit" is known
   * @param limit the limit exceeded
   * @return the exception, to throw
   */
  public TransferLimitException exceeded(Limit limit, String what, long actual) {
    long allowed = valueOf(limit);
    String size = actual < 0 ? "more than " + allowed : Long.toString(actual);
    String unit = switch (limit) {
      case MAX_FRAME_BYTES -> " bytes encoded";
      case MAX_OBJECTS -> " objects";
      case MAX_DEPTH -> " levels deep";
      case MAX_ARRAY_LENGTH -> " elements in one array";
    };
    return new TransferLimitException(
        limit,
        what + " is " + size + unit + ", above TransferLimits." + limit.setting() + " = " + allowed + "; "
            + limit.howToRaise());
  }
}
