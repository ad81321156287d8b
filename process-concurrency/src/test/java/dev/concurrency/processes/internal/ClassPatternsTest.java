package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ClassPatternsTest {

  private static final List<Class<?>> CLASSES = List.of(
      String.class,
      java.lang.invoke.SerializedLambda.class,
      java.util.HashMap.class,
      Map.Entry.class,
      ConcurrentHashMap.class,
      java.util.concurrent.atomic.AtomicLong.class,
      ClassPatterns.class,
      ClassPatternsTest.class,
      com.example.outside.OutsideTasks.class);

  /** Each pattern form of {@code ObjectInputFilter.Config.createFilter}, matching and not. */
  @ParameterizedTest
  @ValueSource(strings = {
      "java.lang.String", "java.lang.Strin", "java.lang.*", "java.lang.**", "java.util.*", "java.util.**",
      "java.util.Hash*", "java.util.Map$Entry", "java.util.concurrent.*", "dev.concurrency.**",
      "dev.concurrency.processes.*", "dev.concurrency.processes.internal.*", "com.example.**", "com.example.*",
      "java.base/java.lang.*", "java.base/java.util.**", "java.logging/java.lang.*", "*", "java.*"})
  void allows_agreesWithTheJdksFilter(String pattern) {
    ClassPatterns ours = new ClassPatterns(List.of(pattern));
    ObjectInputFilter jdk = ObjectInputFilter.Config.createFilter(pattern + ";!*");

    for (Class<?> type : CLASSES) {
      boolean jdkAllows = jdk.checkInput(new Info(type)) == ObjectInputFilter.Status.ALLOWED;
      assertThat(ours.allows(type)).as("%s against %s", pattern, type.getName()).isEqualTo(jdkAllows);
    }
  }

  /** What the filter sees of one class; the limits are not what this test is about. */
  private record Info(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
    @Override
    public long arrayLength() {
      return -1;
    }

    @Override
    public long depth() {
      return 1;
    }

    @Override
    public long references() {
      return 1;
    }

    @Override
    public long streamBytes() {
      return 1;
    }
  }
}
