package dev.concurrency.async.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class IoWaiterTest {

  private final List<Runnable> dispatched = new ArrayList<>();
  private final Object owner = new Object();
  private final IoWaiter waiter = IoWaiter.attach(owner, dispatched::add);

  @Test
  void of_findsTheAttachedWaiter_untilClosed() {
    assertThat(IoWaiter.of(owner)).isSameAs(waiter);
    waiter.close();
    assertThat(IoWaiter.of(owner)).isNull();
    assertThat(IoWaiter.of(new Object())).isNull();
  }

  /** What must not outlive the loop is closed with it, in order, even when one of them fails; forgotten ones are not. */
  @Test
  void close_closesWhatWasRegistered_exceptTheForgotten_evenIfOneFails() {
    List<String> closed = new ArrayList<>();
    AutoCloseable forgotten = () -> closed.add("forgotten");
    waiter.closeWithLoop(() -> closed.add("first"));
    waiter.closeWithLoop(() -> {
      throw new IllegalStateException("a failing resource");
    });
    waiter.closeWithLoop(forgotten);
    waiter.closeWithLoop(() -> closed.add("last"));
    waiter.forget(forgotten);
    waiter.close();
    assertThat(closed).containsExactly("first", "last");
    waiter.close();
    assertThat(closed).as("closed once").containsExactly("first", "last");
  }

  /** No lost wakeup while selecting: a wakeup from another thread, before or during the select, ends it. */
  @Test
  void await_selecting_wakeupFromOtherThreadEndsIt() throws Exception {
    waiter.selector();
    for (int i = 0; i < 200; i++) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread waker = new Thread(() -> {
        try {
          waiter.wakeup();
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      waker.start();
      waiter.await(-1); // would block forever if the wakeup were lost
      waker.join();
      assertThat(failure.get()).isNull();
    }
    waiter.close();
  }

  /** A wakeup given while the waiter still parked is not lost when it switches to selecting. */
  @Test
  void await_wakeupBeforeSwitchToSelector_returnsAtOnce() {
    waiter.wakeup();
    waiter.selector();
    waiter.await(-1);
    waiter.await(1_000_000); // a timed select of 1 ms returns too
    waiter.close();
  }

  /** Ready keys come back as one dispatched callback; their interest is cleared until the handler re-arms. */
  @Test
  void poll_readyChannel_dispatchedOnce_interestCleared() throws Exception {
    Pipe pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    List<Integer> ready = new ArrayList<>();
    SelectionKey key = pipe.source().register(waiter.selector(), SelectionKey.OP_READ, (IoWaiter.Handler) ready::add);
    pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
    while (dispatched.isEmpty()) {
      waiter.poll(); // readiness of a pipe is immediate, but poll until the selector reports it
    }
    dispatched.forEach(Runnable::run);
    assertThat(ready).containsExactly(SelectionKey.OP_READ);
    assertThat(key.interestOps()).isZero();
    dispatched.clear();
    waiter.poll();
    assertThat(dispatched).isEmpty(); // not armed again: no second report
    waiter.close();
    assertThat(pipe.source().isOpen()).isFalse(); // closing the loop's waiter closes registered channels
    pipe.sink().close();
  }

  @Test
  void parkMode_timedAwaitReturns_pollIsNoOp() {
    waiter.await(1_000_000);
    waiter.poll();
    assertThat(dispatched).isEmpty();
    waiter.close();
  }
}
