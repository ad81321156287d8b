package dev.concurrency.examples.multiprocessing;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.processes.CType;
import dev.concurrency.processes.ChildProcess;
import dev.concurrency.processes.SerializableRunnable;
import dev.concurrency.processes.SharedArray;
import dev.concurrency.processes.SharedValue;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Lock;
import java.util.stream.IntStream;

/**
 * A child process writes a shared number, a shared array of integers and a shared byte string; the parent reads
 * what it wrote.
 *
 * <pre>{@code
 * # Python original
 * from multiprocessing import Array, Process, Value
 * def f(num, arr, text):
 *     num.value = 3.1415927
 *     with arr.get_lock():
 *         for i in range(len(arr)):
 *             arr[i] = -arr[i]
 *     text.value = text.value.upper()
 * num = Value('d', 0.0)
 * arr = Array('i', range(10))
 * text = Array('c', b'hello')
 * p = Process(target=f, args=(num, arr, text)); p.start(); p.join()
 * print(num.value, arr[:], text.value)
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code SharedValue} and {@code SharedArray} are typed memory that both processes map:
 * the child's writes are the parent's reads, with no message sent back. The type codes are Python's ({@code d} is
 * a C {@code double}, {@code i} a 4-byte {@code int}, {@code c} a byte); {@code CType.of("d")} finds them by code.
 * Each has a cross-process reentrant lock unless made raw ({@code createRaw}); the child holds the array's lock
 * while it negates the elements, so a reader that takes the lock sees all of them negated or none. A {@code c}
 * array's {@code value()} is its bytes up to the first zero byte, as in Python.
 *
 * <p><b>Run:</b> {@code ./examples.sh shared-value-array}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * num.value = 3.1415927
 * arr[:]    = [0, -1, -2, -3, -4, -5, -6, -7, -8, -9]
 * text      = HELLO
 * </pre>
 */
public final class Multiprocessing11ValueArray {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "shared-value-array",
          Group.MULTIPROCESSING,
          "2.2",
          "a child writes a shared double, an int array and a byte string; the parent reads them",
          Multiprocessing11ValueArray::run);

  private Multiprocessing11ValueArray() {}

  /** The child: sets the number, negates the array under its lock, upper-cases the text. */
  record Change(SharedValue<Double> num, SharedArray<Integer> arr, SharedArray<Byte> text)
      implements SerializableRunnable {
    @Override
    public void run() {
      num.set(3.1415927);
      Lock lock = arr.getLock();
      lock.lock();
      try {
        for (int i = 0; i < arr.length(); i++) {
          arr.set(i, -arr.get(i));
        }
      } finally {
        lock.unlock();
      }
      String upper = new String(text.value(), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
      text.setValue(upper.getBytes(StandardCharsets.US_ASCII));
    }
  }

  static void run(PrintStream out, List<String> args) throws InterruptedException {
    SharedValue<Double> num = SharedValue.create(CType.DOUBLE, 0.0);
    SharedArray<Integer> arr = SharedArray.create(CType.INT, IntStream.range(0, 10).boxed().toList());
    SharedArray<Byte> text = SharedArray.create(CType.CHAR, 5);
    text.setValue("hello".getBytes(StandardCharsets.US_ASCII));

    ChildProcess child = ChildProcess.builder(new Change(num, arr, text)).output(out).build();
    child.start();
    child.join();
    if (child.exitCode().orElse(-1) != 0) {
      throw new IllegalStateException("the child failed: " + child.exitCode());
    }

    out.println("num.value = " + num.get());
    out.println("arr[:]    = " + arr.toList());
    out.println("text      = " + new String(text.value(), StandardCharsets.US_ASCII));
  }
}
