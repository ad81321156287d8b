package dev.concurrency.threads;

import com.google.common.collect.ImmutableSet;
import java.util.concurrent.Future;

/**
 * What {@link ConcurrentFutures#waitFor} returns: the futures that were done when it returned, and the rest.
 *
 * <p>Immutable; the sets keep the order the futures were given in.
 *
 * <p><b>Python:</b> {@code concurrent.futures.wait}'s named tuple {@code DoneAndNotDoneFutures(done, not_done)}.
 *
 * @param done the futures that were done
 * @param notDone the futures that were not done yet (they may be done by now)
 * @param <F> the future type
 */
public record DoneAndNotDone<F extends Future<?>>(ImmutableSet<F> done, ImmutableSet<F> notDone) {}
