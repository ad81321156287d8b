package dev.concurrency.processes.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authentication handshake of a listener and a client that share a key: each side sends the other a random
 * challenge, and the other answers with an HMAC of it under the key; the listener challenges first, then the
 * client. Both sides prove that they hold the key, and the key itself never crosses.
 *
 * <pre>
 * challenge   "#CHALLENGE#" "{sha256}" and 40 random bytes
 * response    "{sha256}" and HMAC-SHA256(key, the challenge without "#CHALLENGE#")
 * verdict     "#WELCOME#" or "#FAILURE#"
 * </pre>
 *
 * <p>A message may name its digest in braces ({@code {sha256}}, {@code {md5}}); one without a name and 20 bytes
 * long is an old-style message, answered with HMAC-MD5 (what Python 3.11 and earlier sent). Responses are
 * compared in constant time. An empty key is allowed: HMAC pads its key with zeros, so an empty key and one
 * zero byte are the same key (and the JDK refuses an empty one).
 *
 * <p>Stateless and thread-safe.
 */
public final class Challenge {

  /** A side's messages: what the handshake needs from a connection. */
  public interface Messages {
    /** Sends one message. */
    void send(byte[] message) throws IOException;

    /** Receives one message of at most {@code maxLength} bytes. */
    byte[] receive(int maxLength) throws IOException;
  }

  /** The authentication failed: the message says why. */
  public static final class Failed extends Exception {
    @java.io.Serial private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  static final byte[] CHALLENGE = ascii("#CHALLENGE#");
  static final byte[] WELCOME = ascii("#WELCOME#");
  static final byte[] FAILURE = ascii("#FAILURE#");
  private static final String DIGEST = "sha256";
  private static final int RANDOM_BYTES = 40;
  private static final int MAX_MESSAGE = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Challenge() {}

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Challenges the other side and checks its answer; tells it the verdict.
   *
   * @throws Failed if the answer is wrong
   */
  public static void deliver(Messages connection, byte[] key) throws IOException, Failed {
    byte[] random = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(random);
    byte[] message = concat(ascii("{" + DIGEST + "}"), random);
    connection.send(concat(CHALLENGE, message));
    byte[] response = connection.receive(MAX_MESSAGE);
    try {
      verify(key, message, response);
    } catch (Failed e) {
      connection.send(FAILURE);
      throw e;
    }
    connection.send(WELCOME);
  }

  /**
   * Answers the other side's challenge and reads its verdict.
   *
   * @throws Failed if the other side sent no challenge, or refused the answer
   */
  public static void answer(Messages connection, byte[] key) throws IOException, Failed {
    byte[] challenge = connection.receive(MAX_MESSAGE);
    if (!startsWith(challenge, CHALLENGE)) {
      throw new Failed("the other side sent no challenge: it does not authenticate, or with another protocol");
    }
    byte[] message = Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length);
    connection.send(createResponse(key, message));
    byte[] verdict = connection.receive(MAX_MESSAGE);
    if (!Arrays.equals(verdict, WELCOME)) {
      throw new Failed("the other side refused this side's answer: the authentication keys differ");
    }
  }

  /** The answer to {@code message}: its digest's name in braces (if it named one), then the HMAC. */
  public static byte[] createResponse(byte[] key, byte[] message) {
    String digest = digestOf(message);
    byte[] mac = hmac(key, message, digest);
    return digestNamed(message) ? concat(ascii("{" + digest + "}"), mac) : mac;
  }

  /**
   * Checks an answer to {@code message}.
   *
   * @throws Failed if it is not the right one
   */
  public static void verify(byte[] key, byte[] message, byte[] response) throws Failed {
    String digest = digestOf(message);
    byte[] expected = createResponse(key, message);
    if (!MessageDigest.isEqual(expected, response)) {
      throw new Failed("the answer to the challenge is wrong (" + digest + "): the authentication keys differ");
    }
  }

  private static boolean digestNamed(byte[] message) {
    return message.length > 0 && message[0] == '{' && indexOf(message, (byte) '}') > 1;
  }

  private static String digestOf(byte[] message) {
    if (!digestNamed(message)) {
      return "md5"; // an old-style message, answered with HMAC-MD5
    }
    return new String(message, 1, indexOf(message, (byte) '}') - 1, StandardCharsets.US_ASCII);
  }

  private static byte[] hmac(byte[] key, byte[] message, String digest) {
    String algorithm = "Hmac" + digest.toUpperCase(java.util.Locale.ROOT).replace("-", "");
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the digest '" + digest + "' is not available for HMAC here", e);
    }
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
