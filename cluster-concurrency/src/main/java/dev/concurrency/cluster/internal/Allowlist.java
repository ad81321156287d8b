package dev.concurrency.cluster.internal;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import dev.concurrency.cluster.MemberInfo;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The deserialization allowlist of a member or a client, as Hazelcast's Java serialization filter.
 *
 * <p>Patterns are written as for {@link java.io.ObjectInputFilter.Config#createFilter}, without its limits and
 * rejections: {@code com.example.Point} (one class, nested classes named with {@code $}), {@code com.example.*}
 * (the classes of one package), {@code com.example.**} (a package and its subpackages), {@code com.example.Po*}
 * (a name prefix). Besides them, Hazelcast's defaults are kept ({@code java*} and {@code javax*} classes, arrays,
 * {@code com.hazelcast.*}, which Hazelcast's own messages need) and this module's internal package and
 * {@link MemberInfo} are added (the task wrapper and what comes back). Anything else is refused before its class is loaded.
 *
 * <p>Stateless and thread-safe.
 */
public final class Allowlist {

  /** What every member and client of this module allows besides the user's patterns: the task wrapper. */
  static final String INTERNAL_PREFIX = Allowlist.class.getPackageName() + ".";

  private static final Pattern NAME = Pattern.compile("[\\p{javaJavaIdentifierPart}.$]+");

  private Allowlist() {}

  /**
   * Checks one pattern.
   *
   * @param pattern a pattern, such as {@code com.example.**}
   * @return the pattern
   * @throws IllegalArgumentException if it is not one this allowlist understands, saying why
   */
  public static String check(String pattern) {
    String body = pattern;
    for (String wildcard : List.of(".**", ".*", "*")) {
      if (pattern.endsWith(wildcard)) {
        body = pattern.substring(0, pattern.length() - wildcard.length());
        break;
      }
    }
    if (NAME.matcher(body).matches() && !body.startsWith(".") && !body.endsWith(".") && !body.contains("..")) {
      return pattern;
    }
    throw new IllegalArgumentException(
        "allowlist pattern '" + pattern + "' is not one of: a class name (com.example.Point), a package's classes"
            + " (com.example.*), a package and its subpackages (com.example.**), a name prefix (com.example.Po*);"
            + " module names, '!' rejections and limits are not supported");
  }

  /**
   * Hazelcast's filter for these patterns plus the defaults above.
   *
   * @param patterns checked patterns
   * @return a new filter configuration
   */
  public static JavaSerializationFilterConfig filter(List<String> patterns) {
    ClassFilter allowed = new ClassFilter().addPrefixes(INTERNAL_PREFIX).addClasses(MemberInfo.class.getName());
    for (String pattern : patterns) {
      check(pattern);
      if (pattern.endsWith(".**")) {
        allowed.addPrefixes(pattern.substring(0, pattern.length() - 2));
      } else if (pattern.endsWith(".*")) {
        allowed.addPackages(pattern.substring(0, pattern.length() - 2));
      } else if (pattern.endsWith("*")) {
        allowed.addPrefixes(pattern.substring(0, pattern.length() - 1));
      } else {
        allowed.addClasses(pattern);
      }
    }
    // defaultsDisabled stays false: Hazelcast's own default allowlist (java*, arrays, com.hazelcast.) still applies
    return new JavaSerializationFilterConfig().setWhitelist(allowed);
  }
}
