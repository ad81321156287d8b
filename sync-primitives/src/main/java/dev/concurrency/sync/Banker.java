package dev.concurrency.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;

/**
 * Deadlock avoidance for counted resources, by Dijkstra's Banker's algorithm: each client declares the most
 * of each resource it may ever hold, and a request is granted only if, afterwards, there is still an order in
 * which every client could obtain its maximum and finish (a <i>safe state</i>); otherwise it waits.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=banker}
 *
 * <p>A request waits until it is both available and safe, or its timeout elapses
 * ({@link Client#tryRequest}), or the thread is interrupted; nothing is granted in the last two cases.
 * Requests past the client's declared maximum, or with the wrong number of resource kinds, fail at once with
 * {@link IllegalArgumentException}. Waiters are re-checked on every release.
 *
 * <p>The textbook's questions can be asked without granting anything: {@link #isSafe()} and
 * {@link #safeSequence()} (the order in which every client could finish, as Holt's reduction finds it, the
 * first-registered possible client first), {@link Client#canGrant} (would this request be granted now?), and
 * {@link #snapshot()}, an {@link AllocationState} to explore "what if" on.
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

  /**
   * A banker with {@code total[i]} units of resource {@code i}.
   *
   * @param total the units of each resource that exist, one amount per resource
   * @return the banker, with every unit available
   */
  public static Banker create(int... total) {
    checkArgument(total.length > 0, "name at least one resource");
    return new Banker(total);
  }

  /**
   * Registers a client that may hold up to {@code maximum[i]} of resource {@code i}.
   *
    * @param name the client's name, unique in this banker
    * @param maximum the most it may ever hold of each resource
    * @return the client
   * @throws IllegalArgumentException if a maximum is negative or exceeds what exists, or the name is taken
   */
  public Client register(String name, int... maximum) {
    requireNonNull(name, "name");
    lock.lock();
    try {
      checkShape(maximum);
      for (Client other : clients) {
        checkArgument(!other.name.equals(name), "a client named '%s' is already registered", name);
      }
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

  /**
   * The free units of each resource now.
   *
   * @return a copy of the free units, one per resource
   */
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

  /**
   * The state now: available units, and each client's maximum and allocation.
   *
   * @return the state, detached from the banker
   */
  public AllocationState snapshot() {
    lock.lock();
    try {
      return state();
    } finally {
      lock.unlock();
    }
  }

  // @GuardedBy("lock")
  private AllocationState state() {
    AllocationState.Builder builder = AllocationState.builder(available);
    for (Client client : clients) {
      builder.client(client.name, client.maximum, client.held);
    }
    return builder.build();
  }

  /**
   * Whether the state now is safe: every client could obtain its maximum and finish, in some order.
   *
   * @return whether a safe sequence exists
   */
  public boolean isSafe() {
    return snapshot().isSafe();
  }

  /**
   * An order in which every client could obtain its maximum and finish, the first-registered possible client
   * first; empty when the state is unsafe (which the Banker itself never lets happen).
    *
    * @return the clients in a safe order
   */
  public Optional<List<Client>> safeSequence() {
    lock.lock();
    try {
      AllocationState now = state();
      return now.safeSequence()
          .map(names -> names.stream().map(name -> clients.get(now.clients().indexOf(name))).toList());
    } finally {
      lock.unlock();
    }
  }

  /**
   * One client of a {@link Banker}: requests and releases resources within its declared maximum.
   * Thread-safe: its state is guarded by the banker's lock, so any thread may request or release for it.
   */
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

    /**
     * This client's name.
     *
     * @return the name it was registered with
     */
    public String name() {
      return name;
    }

    /**
     * Whether {@code amounts} would be granted now, without granting it: it is available and leaves a safe
     * state.
     *
      * @param amounts how many units of each resource
      * @return whether the request is available and leaves a safe state
     * @throws IllegalArgumentException if an amount is negative or would exceed this client's maximum
     */
    public boolean canGrant(int... amounts) {
      lock.lock();
      try {
        checkShape(amounts);
        return state().canGrant(name, amounts);
      } finally {
        lock.unlock();
      }
    }

    /**
     * Waits until the request can be granted safely, then grants it; see {@link #tryRequest}.
     *
     * @param amounts how many units of each resource
     * @throws InterruptedException if interrupted while waiting (nothing granted)
     */
    public void request(int... amounts) throws InterruptedException {
      boolean granted = tryRequest(Duration.ofNanos(Long.MAX_VALUE), amounts);
      assert granted;
    }

    /**
     * Grants {@code amounts} if doing so leaves a safe state, waiting up to {@code timeout} for that.
     *
      * @param timeout how long to wait at most; {@link Duration#ZERO} does not wait
      * @param amounts how many units of each resource
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
      if (!state().canGrant(name, amounts)) {
        return false;
      }
      for (int i = 0; i < amounts.length; i++) {
        available[i] -= amounts[i];
        held[i] += amounts[i];
      }
      return true;
    }

    /**
     * Gives back {@code amounts} and wakes waiting requests.
     *
      * @param amounts how many units of each resource to give back
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

    /**
     * What this client holds now.
     *
     * @return a copy of what it holds, one amount per resource
     */
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
