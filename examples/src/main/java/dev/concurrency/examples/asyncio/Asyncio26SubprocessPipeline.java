package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.streams.Stdio.PIPE;
import static dev.concurrency.async.streams.Subprocesses.createSubprocessExec;
import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.streams.AsyncProcess;
import dev.concurrency.async.streams.StreamReader;
import dev.concurrency.async.streams.StreamWriter;
import dev.concurrency.async.streams.SubprocessConfig;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A pipeline of three processes, {@code seq 1 N | grep 7 | wc -l}, wired together by the event loop: two tasks
 * pump each process's stdout into the next one's stdin.
 *
 * <pre>{@code
 * # Python
 * async def pump(src, dst):
 *     while chunk := await src.read(65536):
 *         dst.write(chunk)
 *         await dst.drain()          # back-pressure: wait while the next process reads slowly
 *     dst.close()                    # the next process sees EOF
 *
 * seq = await asyncio.create_subprocess_exec("seq", "1", str(n), stdout=PIPE)
 * grep = await asyncio.create_subprocess_exec("grep", "7", stdin=PIPE, stdout=PIPE)
 * wc = await asyncio.create_subprocess_exec("wc", "-l", stdin=PIPE, stdout=PIPE)
 * async with asyncio.TaskGroup() as tg:
 *     tg.create_task(pump(seq.stdout, grep.stdin))
 *     tg.create_task(pump(grep.stdout, wc.stdin))
 * count = int(await wc.stdout.read())
 * codes = [await p.wait() for p in (seq, grep, wc)]
 * }</pre>
 *
 * <p><b>What to notice.</b> Each pipe is a {@code StreamReader} or a {@code StreamWriter}, exactly as a socket is,
 * so the pump is the echo server's loop. {@code drain()} is the back-pressure: when {@code grep} reads slower than
 * {@code seq} writes, the pump waits, the pipe fills, and {@code seq} itself blocks in its {@code write}; nothing
 * buffers without bound. Closing a writer is how the next process learns that its input has ended. All of it runs
 * on one loop; the only threads are the library's, one per pipe, doing the blocking reads and writes the JDK
 * requires. The answer is checked against the same count done in Java.
 *
 * <p><b>Run:</b> {@code ./examples.sh subprocess-pipeline} (Unix: it runs {@code seq}, {@code grep} and {@code
 * wc}); {@code --count N} changes how many numbers {@code seq} writes (default 100000).
 *
 * <p><b>Expected output</b> (the byte counts are for the default 100000):
 *
 * <pre>
 * seq 1 100000 | grep 7 | wc -l
 * pumped 588895 bytes seq -> grep, 241976 bytes grep -> wc
 * wc counted 40951 lines with a 7; Java counts 40951
 * exit codes: seq 0, grep 0, wc 0
 * Timeline:
 * ...                                 (the three processes and the two pumps overlap)
 * </pre>
 */
public final class Asyncio26SubprocessPipeline {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("subprocess-pipeline", Group.ASYNCIO, "2.1, 3.1",
          "seq | grep | wc as asyncio subprocesses: pipes as streams, drain() as back-pressure across processes",
          Asyncio26SubprocessPipeline::run);

  private Asyncio26SubprocessPipeline() {}

  @SuppressWarnings("try") // the spans are closed by the try; their bodies do not use them
  static void run(PrintStream out, List<String> args) {
    int n = Asyncio24EchoServer.intArg(args, "--count", 100_000);
    Trace trace = Trace.start();
    AsyncIO.run(() -> {
      out.printf("seq 1 %d | grep 7 | wc -l%n", n);
      SubprocessConfig pipes = SubprocessConfig.defaults().withStdin(PIPE).withStdout(PIPE);
      try (Trace.Recording lifetime = trace.open("processes", "seq, grep, wc");
          AsyncProcess seq = createSubprocessExec(List.of("seq", "1", String.valueOf(n)),
              SubprocessConfig.defaults().withStdout(PIPE));
          AsyncProcess grep = createSubprocessExec(List.of("grep", "7"), pipes);
          AsyncProcess wc = createSubprocessExec(List.of("wc", "-l"), pipes)) {
        AsyncTask<Long> first = createTask(() -> pump(trace, "pump seq -> grep", seq.stdout(), grep.stdin()));
        AsyncTask<Long> second = createTask(() -> pump(trace, "pump grep -> wc", grep.stdout(), wc.stdin()));
        // stdout() and stdin() are null unless configured as PIPE; here they are
        long counted = Long.parseLong(new String(wc.stdout().read(), US_ASCII).strip());
        out.printf("pumped %d bytes seq -> grep, %d bytes grep -> wc%n", first.await(), second.await());
        long expected = IntStream.rangeClosed(1, n).filter(i -> String.valueOf(i).contains("7")).count();
        out.printf("wc counted %d lines with a 7; Java counts %d%n", counted, expected);
        out.printf("exit codes: seq %d, grep %d, wc %d%n", seq.waitFor(), grep.waitFor(), wc.waitFor());
      } // close() on each: a process still running (after an error above) is killed, not left behind
    });
    Timeline.print(out, trace, args);
  }

  /** Copies {@code src} to {@code dst} until EOF, then closes {@code dst}; returns how many bytes it copied. */
  @SuppressWarnings("try")
  static long pump(Trace trace, String name, StreamReader src, StreamWriter dst) throws IOException {
    long copied = 0;
    try (Trace.Recording span = trace.open(name, "read, write, drain")) {
      for (byte[] chunk = src.read(64 * 1024); chunk.length > 0; chunk = src.read(64 * 1024)) {
        dst.write(chunk);
        dst.drain();
        copied += chunk.length;
      }
    }
    dst.close();
    return copied;
  }
}
