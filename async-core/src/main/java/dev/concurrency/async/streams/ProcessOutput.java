package dev.concurrency.async.streams;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AsyncProcess#communicate(byte[])} read: all of stdout and all of stderr, or {@code null} for a
 * stream that was not a {@link Stdio#PIPE}. Equality compares the bytes.
 *
 * <p><b>Python:</b> the {@code (stdout, stderr)} tuple of {@code Process.communicate()}.
 *
 * @param stdout everything the process wrote to stdout, or {@code null}
 * @param stderr everything the process wrote to stderr, or {@code null}
 */
public record ProcessOutput(byte @Nullable [] stdout, byte @Nullable [] stderr) {

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ProcessOutput other && Arrays.equals(stdout, other.stdout)
        && Arrays.equals(stderr, other.stderr);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(stdout) + Arrays.hashCode(stderr);
  }

  @Override
  public String toString() {
    return "ProcessOutput[stdout=" + describe(stdout) + ", stderr=" + describe(stderr) + "]";
  }

  private static String describe(byte @Nullable [] bytes) {
    return bytes == null ? "null" : bytes.length + " bytes";
  }
}
