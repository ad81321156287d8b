package dev.concurrency.model.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Golden files: expected renderings kept as test resources beside the test class. */
final class Golden {

  private Golden() {}

  /** Asserts that {@code actual} equals the resource {@code name} next to {@code owner}, byte for byte. */
  static void assertMatches(Class<?> owner, String name, String actual) throws IOException {
    try (InputStream in = owner.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s next to %s", name, owner.getSimpleName()).isNotNull();
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(actual).as("rendering vs golden file %s", name).isEqualTo(expected);
    }
  }
}
