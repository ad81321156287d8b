package dev.concurrency.processes.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

final class ChallengeTest {

  private static final byte[] KEY = "supadupasecretkey".getBytes(US_ASCII);

  /** A connection that answers with canned messages and drops what it is sent. */
  private static Challenge.Messages answering(byte[]... replies) {
    Deque<byte[]> queue = new ArrayDeque<>(java.util.List.of(replies));
    return new Challenge.Messages() {
      @Override
      public void send(byte[] message) {}

      @Override
      public byte[] receive(int maxLength) {
        return queue.isEmpty() ? new byte[0] : queue.removeFirst();
      }
    };
  }

  // CPython: _test_multiprocessing.py OtherTest.test_deliver_challenge_auth_failure
  @Test
  void deliver_bogusAnswer_fails() {
    assertThatThrownBy(() -> Challenge.deliver(answering("something bogus".getBytes(US_ASCII)), "abc".getBytes(US_ASCII)))
        .isInstanceOf(Challenge.Failed.class)
        .hasMessageContaining("wrong");
  }

  // CPython: _test_multiprocessing.py OtherTest.test_answer_challenge_auth_failure
  @Test
  void answer_bogusVerdict_fails() {
    byte[] challenge = concat(Challenge.CHALLENGE, "{sha256}0123456789".getBytes(US_ASCII));
    assertThatThrownBy(() -> Challenge.answer(answering(challenge, "something bogus".getBytes(US_ASCII)), "abc".getBytes(US_ASCII)))
        .isInstanceOf(Challenge.Failed.class)
        .hasMessageContaining("refused");
  }

  // CPython: _test_multiprocessing.py ChallengeResponseTest.test_challengeresponse
  @Test
  void response_toLegacyMd5AndSha256Messages_verifies() {
    for (String algorithm : new String[] {null, "md5", "sha256"}) {
      String prefix = algorithm == null ? "" : "{" + algorithm + "}";
      byte[] message = (prefix + "is-twenty-bytes-long").getBytes(US_ASCII);

      byte[] response = Challenge.createResponse(KEY, message);

      assertThat(new String(response, US_ASCII)).as(String.valueOf(algorithm)).startsWith(prefix);
      assertThatCode(() -> Challenge.verify(KEY, message, response)).doesNotThrowAnyException();
    }
  }

  @Test
  void verify_otherKey_fails() {
    byte[] message = "{sha256}challenge".getBytes(US_ASCII);
    byte[] response = Challenge.createResponse("other".getBytes(US_ASCII), message);

    assertThatThrownBy(() -> Challenge.verify(KEY, message, response)).isInstanceOf(Challenge.Failed.class);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
