package dev.concurrency.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;

/**
 * Deadlock avoidance for counted resources, by Dijkstra's Banker's algorithm: each client declares the most
 * of each resource it may ever hold, and a request is granted only if, afterwards, there is still an order in
 * which every client could obtain its maximum and finish (a <i>safe state</i>); otherwise it waits.
 *
 * <pre>{@code
 * Banker bank = Banker.create(10, 5);          // 10 of resource 0, 5 of resource 1
 * Banker.Client c = bank.register("c", 7, 3);  // may hold up to 7 and 3
 * c.request(2, 1);                              // waits until granting is safe
 * ...
 * c.release(2, 1);
 * }</pre>
 *
 * <p>A request waits until it is both available and safe, or its timeout elapses
 * ({@link Client#tryRequest}), or the thread is interrupted; nothing is granted in the last two cases.
 * Requests past the client's declared maximum, or with the wrong number of resource kinds, fail at once with
 * {@link IllegalArgumentException}. Waiters are re-checked on every release.
 *
 * <p>This class is thread-safe.
 *
 * <p>Memory consistency effects: actions before a {@code release} <i>happen-before</i> actions after a
 * {@code request} granted with those resources.
 *
 * <p><b>Python:</b> none built in.
 */
public final class Banker {

  private final Mutex lock = Mutex.create();
  private final Condition changed = lock.newCondition();

  // @GuardedBy("lock")
  private final int[] available;

  // @GuardedBy("lock")
  private final List<Client> clients = new ArrayList<>();

  private Banker(int[] total) {
    for (int amount : total) {
      checkArgument(amount >= 0, "resource amounts must not be negative: %s", Arrays.toString(total));
    }
    this.available = total.clone();
  }

  /** A banker with {@code total[i]} units of resource {@code i}. */
  public static Banker create(int... total) {
    checkArgument(total.length > 0, "name at least one resource");
    return new Banker(total);
  }

  /**
   * Registers a client that may hold up to {@code maximum[i]} of resource {@code i}.
   *
   * @throws IllegalArgumentException if a maximum is negative or exceeds what exists
   */
  public Client register(String name, int... maximum) {
    requireNonNull(name, "name");
    lock.lock();
    try {
      checkShape(maximum);
      for (int i = 0; i < maximum.length; i++) {
        int exists = available[i];
        for (Client other : clients) {
          exists += other.held[i];
        }
        checkArgument(
            maximum[i] >= 0 && maximum[i] <= exists,
            "client '%s' claims %s of resource %s, but only %s exist",
            name,
            maximum[i],
            i,
            exists);
      }
      Client client = new Client(name, maximum.clone());
      clients.add(client);
      return client;
    } finally {
      lock.unlock();
    }
  }

  /** The free units of each resource now. */
  public int[] available() {
    lock.lock();
    try {
      return available.clone();
    } finally {
      lock.unlock();
    }
  }

  private void checkShape(int[] amounts) {
    checkArgument(
        amounts.length == available.length,
        "expected %s resource amounts, got %s",
        available.length,
        amounts.length);
  }

  /** The safety check: can every client, in some order, obtain its maximum and return everything? */
  private boolean isSafe(int[] free) {
    int[] work = free.clone();
    boolean[] done = new boolean[clients.size()];
    for (int finished = 0; finished < done.length; ) {
      int before = finished;
      for (int c = 0; c < done.length; c++) {
        Client client = clients.get(c);
        if (!done[c] && client.needFits(work)) {
          for (int i = 0; i < work.length; i++) {
            work[i] += client.held[i];
          }
          done[c] = true;
          finished++;
        }
      }
      if (finished == before) {
        return false;
      }
    }
    return true;
  }

  /** One client of a {@link Banker}: requests and releases resources within its declared maximum. */
  public final class Client {

    private final String name;
    private final int[] maximum;

    // @GuardedBy("Banker.this.lock")
    private final int[] held;

    private Client(String name, int[] maximum) {
      this.name = name;
      this.maximum = maximum;
      this.held = new int[maximum.length];
    }

    private boolean needFits(int[] work) {
      for (int i = 0; i < work.length; i++) {
        if (maximum[i] - held[i] > work[i]) {
          return false;
        }
      }
      return true;
    }

    /** Waits until the request can be granted safely, then grants it; see {@link #tryRequest}. */
    public void request(int... amounts) throws InterruptedException {
      boolean granted = tryRequest(Duration.ofNanos(Long.MAX_VALUE), amounts);
      assert granted;
    }

    /**
     * Grants {@code amounts} if doing so leaves a safe state, waiting up to {@code timeout} for that.
     *
     * @return true if granted, false if the timeout elapsed first (nothing granted)
     * @throws IllegalArgumentException if an amount is negative or would exceed this client's maximum
     * @throws InterruptedException if interrupted while waiting (nothing granted)
     */
    public boolean tryRequest(Duration timeout, int... amounts) throws InterruptedException {
      long left = Durations.nanos(timeout);
      lock.lockInterruptibly();
      try {
        checkShape(amounts);
        for (int i = 0; i < amounts.length; i++) {
          checkArgument(
              amounts[i] >= 0 && held[i] + amounts[i] <= maximum[i],
              "client '%s' requests %s of resource %s holding %s, past its declared maximum %s",
              name,
              amounts[i],
              i,
              held[i],
              maximum[i]);
        }
        while (!grantIfSafe(amounts)) {
          if (left <= 0) {
            return false;
          }
          left = changed.awaitNanos(left);
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    private boolean grantIfSafe(int[] amounts) {
      for (int i = 0; i < amounts.length; i++) {
        if (amounts[i] > available[i]) {
          return false;
        }
      }
      for (int i = 0; i < amounts.length; i++) {
        available[i] -= amounts[i];
        held[i] += amounts[i];
      }
      if (isSafe(available)) {
        return true;
      }
      for (int i = 0; i < amounts.length; i++) {
        available[i] += amounts[i];
        held[i] -= amounts[i];
      }
      return false;
    }

    /**
     * Gives back {@code amounts} and wakes waiting requests.
     *
     * @throws IllegalArgumentException if this client does not hold that much
     */
    public void release(int... amounts) {
      lock.lock();
      try {
        checkShape(amounts);
        for (int i = 0; i < amounts.length; i++) {
          checkArgument(
              amounts[i] >= 0 && amounts[i] <= held[i],
              "client '%s' releases %s of resource %s but holds %s",
              name,
              amounts[i],
              i,
              held[i]);
        }
        for (int i = 0; i < amounts.length; i++) {
          available[i] += amounts[i];
          held[i] -= amounts[i];
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** What this client holds now. */
    public int[] held() {
      lock.lock();
      try {
        return held.clone();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String toString() {
      return "client '" + name + "'";
    }
  }
}
