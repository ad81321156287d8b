package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debug mode and the watchdog's limit switched without code: system properties and environment variables
 * (asyncio's {@code PYTHONASYNCIODEBUG}), read when a loop's builder is created.
 */
@Timeout(60)
final class LoopSettingsTest {

  private static Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void of_nothingSet_debugOff_watchdogTwoSeconds() {
    LoopSettings settings = LoopSettings.of(new Properties(), Map.of());

    assertThat(settings).isEqualTo(new LoopSettings(false, Duration.ofSeconds(2)));
  }

  // CPython: test_asyncio/test_base_events.py BaseEventLoopTests.test_env_var_debug (PYTHONASYNCIODEBUG=1)
  @Test
  void of_environmentVariable_anyValueButEmptyZeroOrFalse_switchesDebugOn() {
    assertThat(LoopSettings.of(new Properties(), Map.of("DEV_CONCURRENCY_ASYNC_DEBUG", "1")).debug()).isTrue();
    assertThat(LoopSettings.of(new Properties(), Map.of("DEV_CONCURRENCY_ASYNC_DEBUG", "yes")).debug()).isTrue();
    assertThat(LoopSettings.of(new Properties(), Map.of("DEV_CONCURRENCY_ASYNC_DEBUG", "")).debug()).isFalse();
    assertThat(LoopSettings.of(new Properties(), Map.of("DEV_CONCURRENCY_ASYNC_DEBUG", "0")).debug()).isFalse();
    assertThat(LoopSettings.of(new Properties(), Map.of("DEV_CONCURRENCY_ASYNC_DEBUG", "false")).debug()).isFalse();
  }

  @Test
  void of_systemProperty_winsOverTheEnvironment() {
    Map<String, String> env = Map.of("DEV_CONCURRENCY_ASYNC_DEBUG", "1", "DEV_CONCURRENCY_ASYNC_BLOCKED_LOOP_LIMIT", "5s");
    Properties props = properties("dev.concurrency.async.debug", "false", "dev.concurrency.async.blockedLoopLimit", "250ms");

    assertThat(LoopSettings.of(props, env)).isEqualTo(new LoopSettings(false, Duration.ofMillis(250)));
  }

  @Test
  void of_debugPropertyWithoutValue_meansOn() {
    assertThat(LoopSettings.of(properties("dev.concurrency.async.debug", ""), Map.of()).debug()).isTrue();
  }

  @Test
  void of_blockedLoopLimit_acceptsShortFormsIsoAndOff() {
    assertThat(limit("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(limit("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(limit("1.5s")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(limit("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(limit("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    assertThat(limit("0")).isZero();
    assertThat(limit("off")).isZero();
    assertThat(LoopSettings.of(new Properties(), Map.of("DEV_CONCURRENCY_ASYNC_BLOCKED_LOOP_LIMIT", "750ms")).blockedLoopLimit())
        .isEqualTo(Duration.ofMillis(750));
  }

  private static Duration limit(String value) {
    return LoopSettings.of(properties("dev.concurrency.async.blockedLoopLimit", value), Map.of()).blockedLoopLimit();
  }

  @Test
  void of_valueItCannotTake_failsNamingTheSettingAndWhatItTakes() {
    assertThatThrownBy(() -> limit("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dev.concurrency.async.blockedLoopLimit is 'soon'; give a duration such as 500ms, 2s, 1.5s or PT2S,"
            + " or 0 (or off) to turn the watchdog off");
    assertThatThrownBy(() -> limit("-PT1S")).hasMessageContaining("is '-PT1S'");
    assertThatThrownBy(() -> LoopSettings.of(new Properties(), Map.of("DEV_CONCURRENCY_ASYNC_BLOCKED_LOOP_LIMIT", "2 hours")))
        .hasMessageStartingWith("DEV_CONCURRENCY_ASYNC_BLOCKED_LOOP_LIMIT is '2 hours'");
    assertThatThrownBy(() -> LoopSettings.of(properties("dev.concurrency.async.debug", "maybe"), Map.of()))
        .hasMessage("dev.concurrency.async.debug is 'maybe'; give true or false");
  }

  @Test
  void builder_readsTheSystemPropertyWhenCreated_andItsOwnMethodWins() {
    String before = System.getProperty(LoopSettings.DEBUG_PROPERTY);
    System.setProperty(LoopSettings.DEBUG_PROPERTY, "true");
    try {
      EventLoop.Builder builder = EventLoop.builder();
      try (EventLoop fromProperty = builder.build()) {
        assertThat(fromProperty.isDebug()).isTrue();
      }
      try (EventLoop explicit = EventLoop.builder().debug(false).build()) {
        assertThat(explicit.isDebug()).isFalse();
      }
    } finally {
      if (before == null) {
        System.clearProperty(LoopSettings.DEBUG_PROPERTY);
      } else {
        System.setProperty(LoopSettings.DEBUG_PROPERTY, before);
      }
    }
  }

  /** Prints what a loop built with the defaults reads from this JVM's environment. */
  static final class Probe {
    public static void main(String[] args) {
      try (EventLoop loop = EventLoop.builder().build()) {
        System.out.println("debug=" + loop.isDebug() + " limit=" + LoopSettings.current().blockedLoopLimit());
      }
    }
  }

  @Test
  void environmentVariables_ofARealProcess_switchDebugOnAndSetTheLimit() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
        .redirectErrorStream(true);
    builder.environment().put("DEV_CONCURRENCY_ASYNC_DEBUG", "1");
    builder.environment().put("DEV_CONCURRENCY_ASYNC_BLOCKED_LOOP_LIMIT", "500ms");
    Process process = builder.start();
    List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(lines).contains("debug=true limit=PT0.5S");
  }
}
