package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A {@code map} chunk whose function is a static method of one argument ({@link MethodName}) and whose arguments
 * are all {@linkplain PlainValues plain values} (numbers, strings, arrays of numbers): sent as the method's names
 * and the packed values, with no object stream at all, where a {@link ChunkTask} is serialized.
 *
 * <p>Why: a pool worker decodes one chunk per task of {@code map(fn, items, 1)}. Deserializing the chunk's lambda
 * every time (and, in a fresh worker, the JIT compiling the object-stream code to do it) was the largest part of
 * what a worker spent besides its tasks. The child checks the method's classes against the allowlist, as for
 * the serialized form. The results go back as a {@link PackedList}, packed if they are plain values too ({@link
 * Codec#encodeResult}), as a {@code ChunkTask}'s do.
 *
 * <p>The encoded form is a {@link TaggedPayload} starting with {@link #TAG}. Immutable and thread-safe.
 *
 * @param function the method applied to each argument
 * @param arguments the chunk, which {@linkplain PackedList#packs() packs}
 */
record StaticChunk(MethodName function, PackedList<?> arguments) implements Callable<PackedList<Object>> {

  /** The first byte of an encoded static chunk. */
  static final byte TAG = 'C';

  StaticChunk {
    requireNonNull(function, "function");
    requireNonNull(arguments, "arguments");
  }

  /** The static chunk {@code chunk} amounts to, if its function captures nothing and its arguments pack. */
  static Optional<StaticChunk> of(ChunkTask<?, ?> chunk) {
    if (!chunk.arguments().packs()) {
      return Optional.empty();
    }
    return MethodName.of(chunk.function(), 1).map(name -> new StaticChunk(name, chunk.arguments()));
  }

  /** This chunk's bytes: {@link #TAG}, the method's names, the packed arguments. */
  byte[] encode() {
    try (TaggedPayload out = new TaggedPayload(TAG, 64 + 8 * arguments.size())) {
      function.writeTo(out);
      arguments.writePacked(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw TaggedPayload.memoryWriteFailed(e);
    }
  }

  /**
   * Reads what {@link #encode} wrote, checking the method's classes against {@code allowlist}.
   *
   * @throws java.io.InvalidClassException if a class is not on the allowlist
   * @throws ClassNotFoundException if a class is not on this process's class path
   * @throws java.io.StreamCorruptedException if the bytes are not a static chunk
   */
  static StaticChunk decode(byte[] payload, ClassPatterns allowlist)
      throws IOException, ClassNotFoundException {
    try (DataInputStream in = TaggedPayload.read(payload, TAG, "a static chunk")) {
      return new StaticChunk(MethodName.readFrom(in, allowlist), PackedList.readPacked(in));
    }
  }

  /** Applies the method to each argument, in order; the first exception it throws is thrown as is. */
  @Override
  public PackedList<Object> call() throws Exception {
    MethodHandle method = function.resolveFunction();
    List<?> items = arguments.items();
    ArrayList<Object> results = new ArrayList<>(items.size());
    for (int i = 0, size = items.size(); i < size; i++) { // indexed: a fresh worker interprets this at first
      results.add(MethodName.apply(method, items.get(i)));
    }
    return PackedList.wrap(results);
  }
}
