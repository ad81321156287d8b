package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The loop settings that can be switched without code, read when an {@link EventLoop.Builder} is created: its
 * defaults for debug mode and for the blocked-loop watchdog's limit. A system property wins over an environment
 * variable; a builder method wins over both.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>system property</th><th>environment variable</th><th>values</th><th>default</th></tr>
 *   <tr><td>{@value #DEBUG_PROPERTY}</td><td>{@value #DEBUG_VARIABLE}</td>
 *       <td>{@code true} or {@code false}; the variable: any value but empty, {@code 0} or {@code false}
 *       switches it on, as {@code PYTHONASYNCIODEBUG} does</td><td>off</td></tr>
 *   <tr><td>{@value #BLOCKED_LOOP_LIMIT_PROPERTY}</td><td>{@value #BLOCKED_LOOP_LIMIT_VARIABLE}</td>
 *       <td>a duration: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code PT2S}; {@code 0} or {@code off} turns the
 *       watchdog off</td><td>2 s</td></tr>
 * </table>
 *
 * <p>Python: {@code PYTHONASYNCIODEBUG=1} (or {@code python -X dev}) puts every new loop in debug mode; asyncio
 * has no watchdog, so the second setting has no Python counterpart.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param debug whether new loops start in debug mode
 * @param blockedLoopLimit the watchdog's limit for new loops; zero when it is off
 */
record LoopSettings(boolean debug, Duration blockedLoopLimit) {

  /** The system property that switches debug mode on for every new loop. */
  static final String DEBUG_PROPERTY = "dev.concurrency.async.debug";

  /** The environment variable that switches debug mode on for every new loop. */
  static final String DEBUG_VARIABLE = "DEV_CONCURRENCY_ASYNC_DEBUG";

  /** The system property that sets the blocked-loop watchdog's limit for every new loop. */
  static final String BLOCKED_LOOP_LIMIT_PROPERTY = "dev.concurrency.async.blockedLoopLimit";

  /** The environment variable that sets the blocked-loop watchdog's limit for every new loop. */
  static final String BLOCKED_LOOP_LIMIT_VARIABLE = "DEV_CONCURRENCY_ASYNC_BLOCKED_LOOP_LIMIT";

  /** The watchdog's limit when nothing sets it. */
  static final Duration DEFAULT_BLOCKED_LOOP_LIMIT = Duration.ofSeconds(2);

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

  /**
   * The settings of this JVM: its system properties and its environment, read now.
   *
   * @throws IllegalArgumentException if a setting has a value it cannot take, naming the setting
   */
  static LoopSettings current() {
    return of(System.getProperties(), System.getenv());
  }

  /**
   * The settings that {@code properties} and {@code environment} give.
   *
   * @throws IllegalArgumentException if a setting has a value it cannot take, naming the setting
   */
  static LoopSettings of(Properties properties, Map<String, String> environment) {
    requireNonNull(properties, "properties");
    requireNonNull(environment, "environment");
    String debugProperty = properties.getProperty(DEBUG_PROPERTY);
    boolean debug = debugProperty != null
        ? parseBoolean(DEBUG_PROPERTY, debugProperty)
        : isSwitchedOn(environment.get(DEBUG_VARIABLE));
    String limitProperty = properties.getProperty(BLOCKED_LOOP_LIMIT_PROPERTY);
    Duration limit = limitProperty != null
        ? parseLimit(BLOCKED_LOOP_LIMIT_PROPERTY, limitProperty)
        : environment.containsKey(BLOCKED_LOOP_LIMIT_VARIABLE)
            ? parseLimit(BLOCKED_LOOP_LIMIT_VARIABLE, environment.get(BLOCKED_LOOP_LIMIT_VARIABLE))
            : DEFAULT_BLOCKED_LOOP_LIMIT;
    return new LoopSettings(debug, limit);
  }

  private static boolean parseBoolean(String setting, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.isEmpty()) {
      return true; // -Ddev.concurrency.async.debug alone means on, as -ea does
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(setting + " is '" + value + "'; give true or false");
  }

  /** As {@code PYTHONASYNCIODEBUG}: set to anything but empty, {@code 0} or {@code false} means on. */
  private static boolean isSwitchedOn(@Nullable String value) {
    if (value == null) {
      return false;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    return !(v.isEmpty() || v.equals("0") || v.equals("false"));
  }

  private static Duration parseLimit(String setting, @Nullable String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("0") || v.equals("off")) {
      return Duration.ZERO;
    }
    Matcher shortForm = SHORT_DURATION.matcher(v);
    try {
      if (shortForm.matches()) {
        double amount = Double.parseDouble(shortForm.group(1));
        double nanosPerUnit = switch (shortForm.group(2)) {
          case "ms" -> 1e6;
          case "s" -> 1e9;
          default -> 60e9;
        };
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
      }
      Duration iso = Duration.parse(v.toUpperCase(Locale.ROOT));
      if (!iso.isNegative()) {
        return iso;
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // falls through to the error below, which says what is accepted
    }
    throw new IllegalArgumentException(setting + " is '" + value
        + "'; give a duration such as 500ms, 2s, 1.5s or PT2S, or 0 (or off) to turn the watchdog off");
  }
}
