package dev.concurrency.processes;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Small programs that {@link SharedMemoryTest} runs as separate JVMs, each its own tracker. */
final class SegmentPrograms {

  private SegmentPrograms() {}

  /** Creates a tracked segment, prints its name, and waits to be ended (at most a minute). */
  static final class Holder {
    public static void main(String[] args) throws IOException, InterruptedException {
      SharedMemory segment = SharedMemory.create(10);
      System.out.println(segment.name());
      System.out.println(SharedMemory.directory());
      System.out.flush();
      TimeUnit.SECONDS.sleep(60); // the test ends this JVM long before; the bound only stops a stray one
    }
  }

  /** Attaches the segment {@code args[0]}, tracking it if {@code args[1]} is "true", closes it and exits. */
  static final class Attacher {
    public static void main(String[] args) throws IOException {
      SharedMemory segment = SharedMemory.builder().name(args[0]).track(Boolean.parseBoolean(args[1])).attach();
      segment.close();
    }
  }
}
