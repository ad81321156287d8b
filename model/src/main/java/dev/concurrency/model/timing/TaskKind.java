package dev.concurrency.model.timing;

/**
 * What a task spends its time on, which decides what it competes for.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * <p><b>Python:</b> the distinction behind FAQ Q2: CPU-bound work wants processes (the GIL serialises it on
 * threads); waiting (I/O-bound) work is served well by {@code asyncio} or threads.
 */
public enum TaskKind {
  /** Computing: needs a core for its whole duration, and under a GIL, the interpreter lock too. */
  CPU,
  /** Waiting for I/O, a timer or another process: holds a worker (a thread, a task) but no core. */
  WAIT
}
