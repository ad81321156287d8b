package dev.concurrency.processes.internal;

import dev.concurrency.processes.SerializableFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What an idle child does before it says READY: it runs, on made-up work, the code its real tasks will run, so
 * that their first use finds it loaded, linked and (for a pool worker) compiled.
 *
 * <p>A one-task child warms up only when its task is not already waiting (a warm spare); a cold child runs its
 * task at once, since warming up first would only move the same cost earlier. A pool worker always warms up: it
 * lives for many tasks, and a {@code map} over small items is otherwise run by the interpreter for its first
 * hundred thousand items. Called by the child's main thread only.
 */
final class WarmUp {

  /**
   * Items per warm-up list, and rounds: the per-list methods must run a little over a hundred times (with their
   * loops) before the JIT's first tier compiles them; fewer, larger rounds only cost more stream set-up.
   */
  private static final int ITEMS = 64;

  private static final int ROUNDS = 120;

  private WarmUp() {}

  /**
   * Warms up the paths {@code mode} uses.
   *
   * @return whether every step ran; a failure is otherwise ignored, since the real task reports its own
   */
  static boolean run(Codec codec, JvmCommand.Mode mode) {
    try {
      // the one-task path: a static call and a serialized lambda decoded and run, results and a failure encoded
      String self = WarmUp.class.getName();
      ((Callable<?>) codec.decode(new StaticCall(new MethodName(self, self, "idle", "()V"), true).encode())).call();
      ((Callable<?>) codec.decode(Codec.encode(new RunnableTask(WarmUp::idle)))).call();
      codec.decode(Codec.encodeResult(new long[] {1, 2}));
      RemoteFailure.of(new IllegalStateException("warm-up")).encode(Frames.DEFAULT_MAX_PAYLOAD);
      if (mode == JvmCommand.Mode.WORKER) {
        warmChunks(codec);
      }
      return true;
    } catch (Exception e) {
      return false; // only a warm-up: whatever failed here fails again, and is reported, with the real task
    }
  }

  /**
   * The chunk path of {@code map}, both ways: a chunk is decoded once (its lambda costs the most, the first
   * time), then the packed lists of arguments and results go through the codec and the per-item loop runs, again
   * and again, for longs and ints.
   */
  private static void warmChunks(Codec codec) throws Exception {
    List<Long> longs = new ArrayList<>(ITEMS);
    List<Integer> ints = new ArrayList<>(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      // inside and outside the boxes' caches (-128 to 127): warmed on cached values alone, Long.valueOf is
      // compiled for them only, and the first real value past 127 sends the worker back to the interpreter
      int value = i * 37 - 1000;
      longs.add((long) value);
      ints.add(value);
    }
    // two methods, not one generic one: two references to one method deserialize as the same lambda
    SerializableFunction<Long, Long> sameLong = WarmUp::sameLong;
    SerializableFunction<Integer, Integer> sameInt = WarmUp::sameInt;
    SerializableFunction<Long, long[]> pair = WarmUp::pair;
    // one chunk by name (a static function over numbers), one serialized (what any other function takes), and
    // one of a single item with an array for its result (map(fn, items, 1) over CPU-bound tasks)
    Callable<?> longChunk = (Callable<?>) codec.decode(Codec.encodeTask(ChunkTask.of(sameLong, longs)));
    Callable<?> intChunk = (Callable<?>) codec.decode(Codec.encode(ChunkTask.of(sameInt, ints)));
    byte[] pairChunk = Codec.encodeTask(ChunkTask.of(pair, longs.subList(0, 1)));
    for (int round = 0; round < ROUNDS; round++) {
      codec.decode(Codec.encodeResult(longChunk.call()));
      codec.decode(Codec.encodeResult(intChunk.call()));
      // decoded every round: a worker decodes a chunk per task, and few tasks never make that path hot
      codec.decode(Codec.encodeResult(((Callable<?>) codec.decode(pairChunk)).call()));
    }
  }

  private static Long sameLong(Long value) {
    return value;
  }

  private static Integer sameInt(Integer value) {
    return value;
  }

  /** Takes a {@code long}: the handle that unboxes a {@code Long} for it is made now, not in the first task. */
  private static long[] pair(long value) {
    return new long[] {value, value};
  }

  private static void idle() {}
}
