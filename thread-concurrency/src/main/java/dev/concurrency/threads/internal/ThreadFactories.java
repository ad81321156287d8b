package dev.concurrency.threads.internal;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/** Named thread factories for platform and virtual threads. Stateless. */
public final class ThreadFactories {

  private ThreadFactories() {}

  /**
   * Platform threads named {@code prefix0}, {@code prefix1}, ...
   *
   * @param prefix the names' prefix
   * @param daemon whether the threads are daemons
   * @return the factory
   * @param handler receives what a thread's body throws; null for the JVM's default (which prints it)
   */
  public static ThreadFactory platform(
      String prefix, boolean daemon, Thread.@Nullable UncaughtExceptionHandler handler) {
    ThreadFactoryBuilder builder =
        new ThreadFactoryBuilder().setNameFormat(prefix.replace("%", "%%") + "%d").setDaemon(daemon);
    if (handler != null) {
      builder.setUncaughtExceptionHandler(handler);
    }
    return builder.build();
  }

  /**
   * Virtual threads named {@code prefix0}, {@code prefix1}, ...
   *
   * @param prefix the names' prefix
   * @param handler receives what a thread's body throws; null for the JVM's default
   * @return the factory
   */
  public static ThreadFactory virtual(String prefix, Thread.@Nullable UncaughtExceptionHandler handler) {
    Thread.Builder.OfVirtual builder = Thread.ofVirtual().name(prefix, 0);
    if (handler != null) {
      builder.uncaughtExceptionHandler(handler);
    }
    return builder.factory();
  }
}
