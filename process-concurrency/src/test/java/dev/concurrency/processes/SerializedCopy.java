package dev.concurrency.processes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** What another process would get: an object serialized and deserialized, here in this JVM. */
final class SerializedCopy {

  private SerializedCopy() {}

  @SuppressWarnings("unchecked") // the copy of a T is a T
  static <T> T of(T value) throws IOException, ClassNotFoundException {
    return (T) deserialize(serialize(value));
  }

  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }
}
