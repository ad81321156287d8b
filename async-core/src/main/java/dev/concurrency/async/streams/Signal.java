package dev.concurrency.async.streams;

/**
 * The POSIX signals {@link AsyncProcess#sendSignal(Signal)} can send, with their numbers on Linux.
 *
 * <p>{@link #TERM} and {@link #KILL} go through the JDK ({@code Process.destroy()} and {@code
 * destroyForcibly()}), so they work wherever the JDK runs. The others have no JDK API: they are sent by the
 * system's {@code kill} command ({@code /bin/sh -c 'kill -s NAME pid'}), on Unix only. A process ended by a
 * signal reports {@code -number} as its return code, as in asyncio, when this program sent that signal (see
 * {@link AsyncProcess#returncode()}).
 *
 * <p><b>Python:</b> the {@code signal.SIG*} constants passed to {@code Process.send_signal}. Differences: only
 * these; {@link #number()} is the Linux number (the signal is sent by name, so it is right on every Unix).
 */
public enum Signal {
  /** Hang-up (1). */
  HUP(1),
  /** Interrupt, Ctrl-C (2). */
  INT(2),
  /** Quit (3). */
  QUIT(3),
  /** Abort (6). */
  ABRT(6),
  /** Kill, cannot be caught (9). */
  KILL(9),
  /** User-defined 1 (10 on Linux). */
  USR1(10),
  /** User-defined 2 (12 on Linux). */
  USR2(12),
  /** Alarm (14). */
  ALRM(14),
  /** Terminate (15). */
  TERM(15);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /**
   * The signal's number on Linux.
   *
   * @return the signal number
   */
  public int number() {
    return number;
  }
}
