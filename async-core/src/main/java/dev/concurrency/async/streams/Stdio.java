package dev.concurrency.async.streams;

/**
 * Where a subprocess's standard stream goes; see {@link SubprocessConfig}.
 *
 * <p><b>Python:</b> {@code asyncio.subprocess.PIPE}, {@code DEVNULL}, {@code STDOUT}, and {@code None}
 * (inherit). Differences: no file objects or descriptors; {@code INHERIT} is spelled out.
 */
public enum Stdio {
  /** A pipe to this program: {@link AsyncProcess#stdin()} as a {@link StreamWriter}, stdout and stderr as {@link StreamReader}s. */
  PIPE,
  /** The null device: no input, output discarded. */
  DEVNULL,
  /** For stderr only: into the same place as stdout. */
  STDOUT,
  /** The stream of this JVM (Python's default, {@code None}). */
  INHERIT
}
