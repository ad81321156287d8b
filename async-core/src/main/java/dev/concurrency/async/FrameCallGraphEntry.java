package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

/**
 * One frame of a task's call stack in a {@link FutureCallGraph}: a method the task is inside, innermost first.
 *
 * {@snippet class=dev.concurrency.async.ObservabilitySnippetsTest region=frameCallGraphEntry}
 *
 * <p>Immutable and thread-safe.
 *
 * <p><b>Python:</b> {@code asyncio.FrameCallGraphEntry(frame)} (3.14). Differences: {@code frame} is a {@link
 * StackTraceElement}, a description of the frame rather than the live frame object; and Java has no coroutine
 * frames, so there is no {@code async} mark: every frame of a task's stack is a plain method the task will
 * return to. A lambda body is named after the method that wrote it ({@link #functionName()}).
 *
 * @param frame the frame, as the JVM describes it
 */
public record FrameCallGraphEntry(StackTraceElement frame) {

  /** Checks the frame is present. */
  public FrameCallGraphEntry {
    requireNonNull(frame, "frame");
  }

  /**
   * The function this frame runs: the method's name, or for a lambda body ({@code lambda$c1$0}) the name of the
   * method whose source holds it ({@code c1}), as a Python coroutine frame is named after its {@code async def}.
   *
   * @return the function's name
   */
  public String functionName() {
    return TaskFrames.functionName(frame.getMethodName());
  }

  /**
   * The class's simple name (nested classes joined with dots) and the {@link #functionName()}, as Python's {@code
   * co_qualname}: {@code GraphDemo.c1}.
   *
   * @return the qualified name
   */
  public String qualifiedName() {
    String className = frame.getClassName();
    String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    return simple + "." + functionName();
  }

  /**
   * Whether the frame runs the body of a lambda.
   *
   * @return whether the frame runs the body of a lambda
   */
  public boolean isLambda() {
    return frame.getMethodName().startsWith("lambda$");
  }
}
