package dev.concurrency.async.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte queue: append at the end, take from the front. Loop-confined; package-private. */
final class ByteBuf {

  private byte[] data = new byte[1024];
  private int start;
  private int end;

  int size() {
    return end - start;
  }

  void append(ByteBuffer src) {
    int n = src.remaining();
    ensure(n);
    src.get(data, end, n);
    end += n;
  }

  /** The index (relative to the front) of {@code sep} at or after {@code from}, or -1. */
  int indexOf(byte[] sep, int from) {
    outer:
    for (int i = start + from; i <= end - sep.length; i++) {
      for (int j = 0; j < sep.length; j++) {
        if (data[i + j] != sep[j]) {
          continue outer;
        }
      }
      return i - start;
    }
    return -1;
  }

  boolean startsWith(byte[] sep, int offset) {
    if (offset + sep.length > size()) {
      return false;
    }
    return Arrays.equals(data, start + offset, start + offset + sep.length, sep, 0, sep.length);
  }

  /** A copy of what the buffer holds, leaving it as it is. */
  byte[] peek() {
    return Arrays.copyOfRange(data, start, end);
  }

  /** Removes and returns the first {@code n} bytes ({@code n <= size()}). */
  byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(data, start, start + n);
    drop(n);
    return out;
  }

  void drop(int n) {
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
    }
  }

  void clear() {
    start = 0;
    end = 0;
  }

  private void ensure(int n) {
    if (end + n <= data.length) {
      return;
    }
    int size = size();
    if (size + n <= data.length / 2) {
      System.arraycopy(data, start, data, 0, size); // compact
    } else {
      byte[] bigger = new byte[Math.max(data.length * 2, size + n)];
      System.arraycopy(data, start, bigger, 0, size);
      data = bigger;
    }
    start = 0;
    end = size;
  }
}
