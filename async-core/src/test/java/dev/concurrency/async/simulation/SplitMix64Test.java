package dev.concurrency.async.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The generator must be SplitMix64 exactly: a seed replays the same run on every JDK. */
final class SplitMix64Test {

  @Test
  void nextLong_matchesTheReferenceOutputs() {
    // Vigna's reference splitmix64.c: state 0 gives these first three outputs
    SplitMix64 zero = new SplitMix64(0);
    assertThat(zero.nextLong()).isEqualTo(0xe220a8397b1dcdafL);
    assertThat(zero.nextLong()).isEqualTo(0x6e789e6aa1b965f4L);
    assertThat(zero.nextLong()).isEqualTo(0x06c45d188009454fL);
    SplitMix64 other = new SplitMix64(1234567);
    assertThat(other.nextLong()).isEqualTo(0x599ed017fb08fc85L);
    assertThat(other.nextLong()).isEqualTo(0x2c73f08458540fa5L);
  }

  @Test
  void nextLongBounded_staysInRange_andReachesEveryValue() {
    SplitMix64 r = new SplitMix64(7);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      long v = r.nextLong(7);
      assertThat(v).isBetween(0L, 6L);
      counts[(int) v]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000); // 10,000 expected each; 11 standard deviations of slack
    }
  }

  @Test
  void upTo_isInclusive_andZeroForNoRange() {
    SplitMix64 r = new SplitMix64(3);
    boolean sawTop = false;
    for (int i = 0; i < 1_000; i++) {
      long v = r.upTo(3);
      assertThat(v).isBetween(0L, 3L);
      sawTop |= v == 3;
    }
    assertThat(sawTop).isTrue();
    assertThat(r.upTo(0)).isZero();
    assertThat(r.upTo(-5)).isZero();
    assertThat(r.upTo(Long.MAX_VALUE)).isNotNegative();
  }

  @Test
  void chance_ofZeroNever_ofOneAlways() {
    SplitMix64 r = new SplitMix64(11);
    for (int i = 0; i < 1_000; i++) {
      assertThat(r.chance(0)).isFalse();
      assertThat(r.chance(1)).isTrue();
    }
    int heads = 0;
    for (int i = 0; i < 10_000; i++) {
      heads += r.nextBoolean() ? 1 : 0;
    }
    assertThat(heads).isBetween(4_500, 5_500);
  }
}
