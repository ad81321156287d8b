package dev.concurrency.processes;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * The results of a function mapped over inputs in a {@link ProcessPool}, read as they arrive: what
 * {@link ProcessPool#imap imap}, {@link ProcessPool#imapUnordered imapUnordered} and the lazy
 * {@link ProcessPool#map(SerializableFunction, Iterable, MapOptions) map} return.
 *
 * <p>{@link #next()} blocks until the next result is there and returns it, or throws what computing it threw:
 * the task's {@link RemoteException} (or {@link BrokenPoolException}) as it is, an exception the input iterator
 * threw as it is, anything checked wrapped in a {@link java.util.concurrent.CompletionException}; an interrupt
 * while waiting becomes a {@code CompletionException} with the interrupt status set again. Whether iteration goes
 * on after a failure depends on the method (see each). {@link #close()} cancels what has not started and stops
 * reading the input; {@code hasNext()} is {@code false} afterwards.
 *
 * <p>Not thread-safe: one thread iterates. Memory consistency effects: the child's computation of a result
 * <i>happens-before</i> {@code next} returns it.
 *
 * <p><b>Python:</b> {@code multiprocessing.pool.IMapIterator} ({@code next(timeout)}), and the generator
 * {@code Executor.map} returns ({@code close()}).
 *
 * @param <R> the result type
 */
public interface ResultIterator<R> extends Iterator<R>, AutoCloseable {

  /**
   * As {@link #next()}, waiting at most {@code timeout}; then this iterator is as it was, and a later call may
   * still return the result.
   *
   * @param timeout how long to wait
   * @return the next result
   * @throws TimeoutException if the next result is not there in time
   * @throws java.util.NoSuchElementException if there are no more results
   */
  R next(Duration timeout) throws TimeoutException;

  /** Cancels the results not computed yet (their tasks that have not started) and ends the iteration. */
  @Override
  void close();
}
