package dev.concurrency.processes.internal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A fault-injection hook for the module's own tests: with the system property {@link #STALL_MID_RESULT} set to a
 * file name, a child writes the first half of each task's RESULT frame, creates that file, and then stops there for
 * good, so that a test can kill it at a known point: while it sends its result. Without the property, which no
 * production command line sets, {@link #stallMidResult} returns {@code false} and nothing changes.
 *
 * <p>The property is read once; the hook runs on a child's main thread.
 */
public final class ChildFaults {

  /** The property naming the file a child creates once it is half-way through sending a result. */
  public static final String STALL_MID_RESULT = "dev.concurrency.processes.internal.stallMidResult";

  /** The marker file, or null: read once, when the child first writes a frame. */
  private static final @Nullable String MARKER = System.getProperty(STALL_MID_RESULT);

  private ChildFaults() {}

  /**
   * If the hook is on: writes half of {@code frame} to {@code out}, creates the marker file, and never returns.
   *
   * @return {@code false} if the hook is off (or the frame is not a result)
   */
  static boolean stallMidResult(DataOutputStream out, Frame frame) throws IOException {
    String marker = MARKER;
    if (marker == null || frame.kind() != Frame.Kind.RESULT) {
      return false;
    }
    out.writeInt(frame.payload().length);
    out.writeByte(frame.kind().ordinal());
    out.writeLong(frame.id());
    out.write(frame.payload(), 0, frame.payload().length / 2);
    out.flush();
    Files.createFile(Path.of(marker));
    while (true) {
      LockSupport.park(); // a test kills this JVM here
    }
  }
}
