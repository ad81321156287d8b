package dev.concurrency.async;

import java.lang.reflect.Method;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a task thread's Java stack down to the frames a reader of the await graph wants: the task's own code and
 * the library calls it is suspended in, as CPython 3.14 shows coroutine frames and nothing else.
 *
 * <p>Four rules, applied to a stack innermost frame first:
 *
 * <ol>
 *   <li>The top: the loop's machinery the task parks in ({@code AsyncFuture.await}, the baton hand-over, the
 *       JDK's park) is dropped, as asyncio shows no frame for {@code Future.__await__}.
 *   <li>The bottom: the thread's start and the task body's adapters ({@code AsyncTask.runBody}, the JDK's
 *       virtual-thread frames) are dropped, as a coroutine's stack ends at the task's coroutine.
 *   <li>The middle: above the innermost frame of user code, the library's own API frames stay ({@code
 *       AsyncIO.sleep}, {@code TaskGroup.exit}: where the task waits, as 3.14 shows {@code sleep} and {@code
 *       TaskGroup._aexit}); below it, only user code stays, so the frames a timeout block or a task group's body
 *       passes control through do not appear, as they do not in asyncio, where {@code async with} adds no frame.
 *       JDK frames are dropped everywhere.
 *   <li>Lambdas: a lambda body directly above the method that wrote it is merged into that method, at the
 *       lambda's line, so {@code c1} calling {@code timeout(d, () -> inner())} shows as {@code c1} awaiting
 *       {@code inner}.
 * </ol>
 *
 * <p>A class is the library's if it is in {@code dev.concurrency.async} or a package below it and comes from the
 * same code source as this class (so tests and user code in those packages count as user code). Thread-safe.
 */
final class TaskFrames {

  /** The loop's machinery: never shown. Keyed by the top-level class's simple name. */
  private static final Set<String> MACHINERY =
      Set.of(
          "EventLoop", "AsyncTask", "AsyncFuture", "Ticks", "Continuations", "LoopProbe", "RunningLoops", "CallGraphs",
          "AwaitGraph", "TaskFrames", "AsyncRunnable", "Coroutine", "Handle", "LiveTasks", "GatheringFuture");

  private static final String PACKAGE = "dev.concurrency.async.";
  private static final ConcurrentHashMap<String, Boolean> LIBRARY = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Boolean> BRIDGES = new ConcurrentHashMap<>();
  private static final @Nullable CodeSource OWN_SOURCE = TaskFrames.class.getProtectionDomain().getCodeSource();

  private TaskFrames() {}

  /** The frames of a task suspended on its thread with this stack; see the class description. */
  static List<StackTraceElement> ofSuspended(StackTraceElement[] stack) {
    // A suspended task's thread may hold the baton and run the loop's callbacks meanwhile: those frames sit above
    // the task's suspension point, so the task's own frames begin below its innermost AsyncTask.suspend.
    int top = 0;
    for (int i = 0; i < stack.length; i++) {
      if (stack[i].getClassName().equals(AsyncTask.class.getName()) && stack[i].getMethodName().equals("suspend")) {
        top = i;
        break;
      }
    }
    while (top < stack.length && isMachinery(stack[top])) {
      top++;
    }
    return trim(stack, top);
  }

  /** The frames of the calling task from {@code stack[from]} down (its top is the caller, not machinery). */
  static List<StackTraceElement> ofCurrent(StackTraceElement[] stack, int from) {
    return trim(stack, from);
  }

  private static List<StackTraceElement> trim(StackTraceElement[] stack, int top) {
    // The task's body starts at AsyncTask.runBody: what is below it is the thread's (or, on the continuation
    // scheduler, the loop's own stack the continuation is mounted on)
    int bottom = top;
    while (bottom < stack.length && !isBodyStart(stack[bottom])) {
      bottom++;
    }
    while (bottom > top && (isMachinery(stack[bottom - 1]) || isJdk(stack[bottom - 1].getClassName()))) {
      bottom--;
    }
    List<StackTraceElement> kept = new ArrayList<>(bottom - top);
    boolean belowUserCode = false;
    for (int i = top; i < bottom; i++) {
      StackTraceElement frame = stack[i];
      String className = frame.getClassName();
      if (isJdk(className)) {
        continue;
      }
      boolean library = isLibrary(className);
      if (library && (belowUserCode || isMachinery(frame))) {
        continue;
      }
      belowUserCode |= !library;
      kept.add(frame);
    }
    return mergeLambdas(kept);
  }

  private static boolean isBodyStart(StackTraceElement frame) {
    return frame.getClassName().equals(AsyncTask.class.getName()) && frame.getMethodName().equals("runBody");
  }

  /**
   * Rule 4: {@code lambda$c1$0} directly above {@code c1} of the same class becomes {@code c1}. A compiler-made
   * bridge method (an {@code Object next()} calling {@code Integer next()}) is dropped the same way: it is no
   * step of the program's own.
   */
  private static List<StackTraceElement> mergeLambdas(List<StackTraceElement> frames) {
    List<StackTraceElement> merged = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      StackTraceElement frame = frames.get(i);
      while (i + 1 < frames.size() && isBridgeTo(frames.get(i + 1), frame)) {
        i++;
      }
      while (i + 1 < frames.size() && writtenIn(frame, frames.get(i + 1))) {
        StackTraceElement outer = frames.get(i + 1);
        frame =
            new StackTraceElement(
                outer.getClassLoaderName(), outer.getModuleName(), outer.getModuleVersion(), outer.getClassName(),
                outer.getMethodName(), frame.getFileName(), frame.getLineNumber());
        i++;
      }
      merged.add(frame);
    }
    return merged;
  }

  private static boolean isBridgeTo(StackTraceElement outer, StackTraceElement inner) {
    return outer.getClassName().equals(inner.getClassName())
        && outer.getMethodName().equals(inner.getMethodName())
        && BRIDGES.computeIfAbsent(outer.getClassName() + "#" + outer.getMethodName(), TaskFrames::hasBridge);
  }

  private static boolean hasBridge(String classAndMethod) {
    int hash = classAndMethod.indexOf('#');
    String methodName = classAndMethod.substring(hash + 1);
    try {
      Class<?> type = Class.forName(classAndMethod.substring(0, hash), false, TaskFrames.class.getClassLoader());
      for (Method method : type.getDeclaredMethods()) {
        if (method.isBridge() && method.getName().equals(methodName)) {
          return true;
        }
      }
      return false;
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return false; // unknown: keep the frame
    }
  }

  private static boolean writtenIn(StackTraceElement lambda, StackTraceElement outer) {
    return lambda.getClassName().equals(outer.getClassName())
        && lambda.getMethodName().startsWith("lambda$")
        && functionName(lambda.getMethodName()).equals(outer.getMethodName());
  }

  /** {@code c1} for {@code lambda$c1$0} (the method whose body holds the lambda), else the method's name. */
  static String functionName(String methodName) {
    if (methodName.startsWith("lambda$")) {
      int end = methodName.lastIndexOf('$');
      if (end > "lambda$".length()) {
        return methodName.substring("lambda$".length(), end);
      }
    }
    return methodName;
  }

  private static boolean isMachinery(StackTraceElement frame) {
    String className = frame.getClassName();
    if (isJdk(className)) {
      return true;
    }
    if (!isLibrary(className)) {
      return false;
    }
    if (className.startsWith(PACKAGE + "internal.")) {
      return true;
    }
    String simple = topLevelSimpleName(className);
    // AsyncIO.await(future) is future.await() by another name: no frame of its own, like Future.__await__
    return MACHINERY.contains(simple) || (simple.equals("AsyncIO") && frame.getMethodName().equals("await"));
  }

  static boolean isJdk(String className) {
    return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
        || className.startsWith("com.sun.");
  }

  static boolean isLibrary(String className) {
    if (!className.startsWith(PACKAGE)) {
      return false;
    }
    return LIBRARY.computeIfAbsent(className, TaskFrames::fromOwnSource);
  }

  private static boolean fromOwnSource(String className) {
    try {
      Class<?> type = Class.forName(className, /* initialize= */ false, TaskFrames.class.getClassLoader());
      return Objects.equals(type.getProtectionDomain().getCodeSource(), OWN_SOURCE);
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return false; // a class this loader cannot see is not one of ours
    }
  }

  private static String topLevelSimpleName(String className) {
    int dollar = className.indexOf('$');
    String outer = dollar < 0 ? className : className.substring(0, dollar);
    return outer.substring(outer.lastIndexOf('.') + 1);
  }
}
