package dev.concurrency.async;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The future {@link AsyncIO#gather} returns: the children's results in argument order.
 *
 * <p>Follows CPython's {@code _GatheringFuture}: the first child failure (or cancellation) completes the outer
 * future at once without cancelling the other children; with {@code returnExceptions}, failures and
 * cancellations become elements of the result list instead. Cancelling the outer future cancels every child
 * that is still pending; the outer future then ends with a {@link CancelledError} once they are all done.
 */
final class GatheringFuture extends AsyncFuture<List<Object>> {

  private final List<? extends AsyncFuture<?>> children;
  private final boolean returnExceptions;
  private int finished;
  private boolean cancelRequested;
  // the task that called gather: it awaits each child until that child is done (the await graph's edges, 3.14)
  private @Nullable AsyncTask<?> awaiter;
  // a named class, not outer::childDone: a method reference costs a class spun at first use, on the clock of the
  // program's first gather
  private final ChildDone onChildDone = new ChildDone();

  private GatheringFuture(EventLoop loop, List<? extends AsyncFuture<?>> children, boolean returnExceptions) {
    super(loop);
    this.children = children;
    this.returnExceptions = returnExceptions;
  }

  static GatheringFuture of(EventLoop loop, List<? extends AsyncFuture<?>> children, boolean returnExceptions) {
    GatheringFuture outer = new GatheringFuture(loop, List.copyOf(children), returnExceptions);
    if (children.isEmpty()) {
      outer.finish(List.of());
      return outer;
    }
    outer.awaiter = loop.current();
    for (AsyncFuture<?> child : outer.children) {
      if (child.getLoop() != loop) {
        throw new IllegalArgumentException("gather() of futures bound to different event loops");
      }
      if (outer.awaiter != null && !child.done()) {
        AwaitGraph.add(child, outer.awaiter);
      }
      child.addDoneCallback(outer.onChildDone);
    }
    return outer;
  }

  @Override
  public boolean cancel(@Nullable String message) {
    if (done()) {
      return false;
    }
    boolean any = false;
    for (AsyncFuture<?> child : children) {
      any |= child.cancel(message);
    }
    if (any) {
      // the outer future is cancelled once the children report back, in childDone
      cancelRequested = true;
    }
    return any;
  }

  private void childDone(AsyncFuture<?> child) {
    finished++;
    if (awaiter != null) {
      AwaitGraph.discard(child, awaiter);
    }
    if (done()) {
      if (!child.cancelled()) {
        child.markRetrieved(); // the outer future already failed: this child's exception is accounted for
      }
      return;
    }
    if (!returnExceptions) {
      if (child.cancelled()) {
        finishExceptionally(child.cancelledError());
        return;
      }
      Throwable error = child.exception();
      if (error != null) {
        finishExceptionally(error);
        return;
      }
    }
    if (finished < children.size()) {
      return;
    }
    if (cancelRequested) {
      // CPython raises the cancellation of the child that finished last, even if that child ignored it
      cancelInternal(child.cancelled() ? child.cancelMessage() : null);
      return;
    }
    List<Object> results = new ArrayList<>(children.size());
    for (AsyncFuture<?> c : children) {
      if (c.cancelled()) {
        results.add(c.cancelledError());
      } else {
        Throwable error = c.exception();
        results.add(error != null ? error : c.result());
      }
    }
    finish(results);
  }

  @Override
  public String toString() {
    return describe("GatheringFuture");
  }

  private final class ChildDone implements Consumer<AsyncFuture<?>> {
    @Override
    public void accept(AsyncFuture<?> child) {
      childDone(child);
    }
  }
}
