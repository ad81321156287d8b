package dev.concurrency.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.ClassFilter;
import dev.concurrency.cluster.MemberInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AllowlistTest {

  @Test
  void check_acceptsTheFourForms() {
    for (String pattern : List.of("com.example.Point", "com.example.Point$Inner", "com.example.*", "com.example.**", "com.example.Po*", "Top")) {
      assertThat(Allowlist.check(pattern)).isEqualTo(pattern);
    }
  }

  @Test
  void check_refusesWhatItDoesNotUnderstand_sayingWhatIs() {
    for (String pattern : List.of("", "*", "**", ".**", "java.base/java.lang.*", "!com.example.*", "maxbytes=10", "com..x", "com.example.", ".com", "com**", "a b")) {
      assertThatThrownBy(() -> Allowlist.check(pattern))
          .as("'%s'", pattern)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("com.example.**");
    }
  }

  @Test
  void filter_matchesAsObjectInputFilterPatternsDo() {
    ClassFilter allowed =
        Allowlist.filter(List.of("com.example.Point", "com.example.shapes.*", "com.example.data.**", "com.example.Po*")).getWhitelist();

    assertThat(allowed.isListed("com.example.Point")).isTrue();
    assertThat(allowed.isListed("com.example.Polygon")).isTrue();
    assertThat(allowed.isListed("com.example.Line")).isFalse();
    assertThat(allowed.isListed("com.example.shapes.Circle")).isTrue();
    assertThat(allowed.isListed("com.example.shapes.Circle$Arc")).isTrue();
    assertThat(allowed.isListed("com.example.shapes.round.Circle")).isFalse();
    assertThat(allowed.isListed("com.example.data.deep.down.Row")).isTrue();
    assertThat(allowed.isListed("com.example.database.Row")).isFalse();
    assertThat(allowed.isListed(Outcome.class.getName())).isTrue();
    assertThat(allowed.isListed(MemberInfo.class.getName())).isTrue();
    assertThat(allowed.isListed("dev.concurrency.cluster.ClusterPool")).isFalse();
  }
}
