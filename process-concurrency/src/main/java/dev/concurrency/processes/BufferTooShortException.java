package dev.concurrency.processes;

import java.io.IOException;
import java.io.Serial;

/**
 * {@link Connection#recvBytesInto} received a message longer than the room left in the buffer. The message was
 * consumed: it is here, whole.
 *
 * <p><b>Python:</b> {@code multiprocessing.BufferTooShort}, whose {@code args[0]} is the message.
 */
public final class BufferTooShortException extends IOException {

  @Serial private static final long serialVersionUID = 1L;

  /** The message that did not fit, whole. */
  private final byte[] message;

  BufferTooShortException(byte[] message, int room) {
    super("the message has " + message.length + " bytes, the buffer room for " + room + "; the message is in"
        + " getMessageBytes()");
    this.message = message;
  }

  /** {@return the whole message that did not fit (a copy)} */
  public byte[] getMessageBytes() {
    return message.clone();
  }
}
