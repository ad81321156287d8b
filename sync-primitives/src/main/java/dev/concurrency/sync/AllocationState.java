package dev.concurrency.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.concurrency.sync.internal.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a system of counted resources, as the textbooks draw it for the Banker's algorithm: how many
 * units of each resource are free ({@code Available}), and for each client the most it may ever hold
 * ({@code Max}) and what it holds now ({@code Allocation}); {@code Need = Max - Allocation}.
 *
 * {@snippet class=dev.concurrency.sync.SyncSnippetsTest region=allocationState}
 *
 * <p>The state is <i>safe</i> when there is an order in which every client can obtain its whole need and then
 * give everything back: the <i>safe sequence</i>. It is found by Holt's reduction, the textbook's safety
 * algorithm: when several clients could go next, the one listed first goes first, so the sequence is the one a
 * scan from the top of the table finds. The same question answers the textbook's deadlock <i>detection</i>
 * exercises: give each process {@code Max = Allocation + Request}, and {@link #cannotFinish()} names the
 * deadlocked processes.
 *
 * <p>Immutable and thread-safe; every array going in or out is copied.
 *
 * <p><b>Python:</b> none built in.
 */
public final class AllocationState {

  private final int[] available;
  private final List<String> clients;
  private final int[][] maximum;
  private final int[][] allocation;

  private AllocationState(int[] available, List<String> clients, int[][] maximum, int[][] allocation) {
    this.available = available;
    this.clients = List.copyOf(clients);
    this.maximum = maximum;
    this.allocation = allocation;
  }

  /**
   * A builder of a state with {@code available[i]} free units of resource {@code i}.
   *
    * @param available the free units of each resource, one amount per resource
    * @return a builder to add the clients to
   * @throws IllegalArgumentException if no resource is named or an amount is negative
   */
  public static Builder builder(int... available) {
    return new Builder(available);
  }

  /**
   * The free units of each resource.
   *
   * @return a copy of the free units, one per resource
   */
  public int[] available() {
    return available.clone();
  }

  /**
   * The clients' names, in the order they were added.
   *
   * @return the names, immutable
   */
  public List<String> clients() {
    return clients;
  }

  /**
   * The most {@code client} may ever hold of each resource.
   *
   * @param client the client's name
   * @return a copy of its maximum, one amount per resource
   */
  public int[] maximum(String client) {
    return maximum[indexOf(client)].clone();
  }

  /**
   * What {@code client} holds of each resource now.
   *
   * @param client the client's name
   * @return a copy of what it holds, one amount per resource
   */
  public int[] allocation(String client) {
    return allocation[indexOf(client)].clone();
  }

  /**
   * What {@code client} may still ask for: its maximum less its allocation.
   *
   * @param client the client's name
   * @return its need, one amount per resource
   */
  public int[] need(String client) {
    int c = indexOf(client);
    int[] need = new int[available.length];
    for (int r = 0; r < need.length; r++) {
      need[r] = maximum[c][r] - allocation[c][r];
    }
    return need;
  }

  /**
   * Whether every client can finish, in some order.
   *
   * @return whether a safe sequence exists
   */
  public boolean isSafe() {
    return reduce().complete();
  }

  /**
   * An order in which every client can finish, the first possible client first; empty if unsafe.
   *
   * @return the clients' names in a safe order, or empty when the state is unsafe
   */
  public Optional<List<String>> safeSequence() {
    Reduction.Result result = reduce();
    if (!result.complete()) {
      return Optional.empty();
    }
    return Optional.of(Arrays.stream(result.order()).mapToObj(clients::get).toList());
  }

  /**
   * The clients that could never finish, in table order: none when safe; the deadlocked ones in detection.
   *
   * @return the names of the clients no order lets finish, empty when the state is safe
   */
  public List<String> cannotFinish() {
    Reduction.Result result = reduce();
    List<String> stuck = new ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      if (!result.reduced(c)) {
        stuck.add(clients.get(c));
      }
    }
    return List.copyOf(stuck);
  }

  /**
   * Whether the Banker would grant {@code request} to {@code client} now: it is available, and the state after
   * granting it is safe.
   *
    * @param client the client's name
    * @param request how many units of each resource it asks for
    * @return whether the request is available and leaves a safe state
   * @throws IllegalArgumentException if the request has the wrong number of amounts, a negative amount, or asks
   *     for more than the client's need (its declared maximum would be exceeded)
   */
  public boolean canGrant(String client, int... request) {
    checkRequest(indexOf(client), request);
    for (int r = 0; r < available.length; r++) {
      if (request[r] > available[r]) {
        return false;
      }
    }
    return grant(client, request).isSafe();
  }

  /**
   * The state after granting {@code request} to {@code client}, safe or not: the textbook's "pretend to have
   * allocated" step.
   *
    * @param client the client's name
    * @param request how many units of each resource it asks for
    * @return the state with the request granted
   * @throws IllegalArgumentException as {@link #canGrant}, or if the request exceeds what is available
   */
  public AllocationState afterGranting(String client, int... request) {
    checkRequest(indexOf(client), request);
    for (int r = 0; r < available.length; r++) {
      checkArgument(
          request[r] <= available[r],
          "%s requests %s of resource %s, but only %s are available",
          client,
          request[r],
          r,
          available[r]);
    }
    return grant(client, request);
  }

  private AllocationState grant(String client, int[] request) {
    int c = indexOf(client);
    int[] free = available.clone();
    int[][] held = copy(allocation);
    for (int r = 0; r < free.length; r++) {
      free[r] -= request[r];
      held[c][r] += request[r];
    }
    return new AllocationState(free, clients, maximum, held);
  }

  private void checkRequest(int c, int[] request) {
    checkArgument(
        request.length == available.length,
        "expected %s resource amounts, got %s",
        available.length,
        request.length);
    for (int r = 0; r < request.length; r++) {
      int need = maximum[c][r] - allocation[c][r];
      checkArgument(
          request[r] >= 0 && request[r] <= need,
          "client '%s' requests %s of resource %s, but its need is %s: a request past the declared maximum is"
              + " an error",
          clients.get(c),
          request[r],
          r,
          need);
    }
  }

  private int indexOf(String client) {
    int c = clients.indexOf(requireNonNull(client, "client"));
    checkArgument(c >= 0, "no client named '%s'; the clients are %s", client, clients);
    return c;
  }

  /** Holt's reduction with each client requesting its need: the Banker's safety algorithm. */
  private Reduction.Result reduce() {
    long[] free = Arrays.stream(available).asLongStream().toArray();
    Reduction reduction = new Reduction(free);
    for (int c = 0; c < clients.size(); c++) {
      int[] need = new int[available.length];
      for (int r = 0; r < need.length; r++) {
        need[r] = maximum[c][r] - allocation[c][r];
      }
      reduction.addProcess(positive(need), amounts(need), positive(allocation[c]), amounts(allocation[c]));
    }
    return reduction.run();
  }

  private static int[] positive(int[] amounts) {
    return java.util.stream.IntStream.range(0, amounts.length).filter(r -> amounts[r] > 0).toArray();
  }

  private static long[] amounts(int[] amounts) {
    return Arrays.stream(amounts).filter(amount -> amount > 0).asLongStream().toArray();
  }

  private static int[][] copy(int[][] rows) {
    int[][] copy = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
    }
    return copy;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AllocationState that
        && Arrays.equals(available, that.available)
        && clients.equals(that.clients)
        && Arrays.deepEquals(maximum, that.maximum)
        && Arrays.deepEquals(allocation, that.allocation);
  }

  @Override
  public int hashCode() {
    return ((Arrays.hashCode(available) * 31 + clients.hashCode()) * 31 + Arrays.deepHashCode(maximum)) * 31
        + Arrays.deepHashCode(allocation);
  }

  /** The textbook's table: one line per client with its allocation, maximum and need, then what is available. */
  @Override
  public String toString() {
    StringBuilder table = new StringBuilder("AllocationState[");
    for (int c = 0; c < clients.size(); c++) {
      table
          .append(clients.get(c))
          .append(": allocation ")
          .append(Arrays.toString(allocation[c]))
          .append(", max ")
          .append(Arrays.toString(maximum[c]))
          .append(", need ")
          .append(Arrays.toString(need(clients.get(c))))
          .append("; ");
    }
    return table.append("available ").append(Arrays.toString(available)).append(']').toString();
  }

  /** Builds an {@link AllocationState}; not thread-safe. */
  public static final class Builder {

    private final int[] available;
    private final Map<String, int[][]> clients = new LinkedHashMap<>();

    private Builder(int[] available) {
      checkArgument(available.length > 0, "name at least one resource");
      for (int amount : available) {
        checkArgument(amount >= 0, "available amounts must not be negative: %s", Arrays.toString(available));
      }
      this.available = available.clone();
    }

    /**
     * Adds a client that may hold up to {@code maximum} and holds {@code allocation} now.
     *
      * @param name the client's name, unique in the state
      * @param maximum the most it may ever hold of each resource
      * @param allocation what it holds now of each resource
      * @return this builder
     * @throws IllegalArgumentException if the name is taken, an array has the wrong length, an amount is
     *     negative, or the allocation exceeds the maximum
     */
    public Builder client(String name, int[] maximum, int[] allocation) {
      requireNonNull(name, "name");
      checkArgument(!clients.containsKey(name), "client '%s' is already in the state", name);
      checkArgument(
          maximum.length == available.length && allocation.length == available.length,
          "client '%s' needs %s amounts in maximum and allocation",
          name,
          available.length);
      for (int r = 0; r < available.length; r++) {
        checkArgument(
            allocation[r] >= 0 && allocation[r] <= maximum[r],
            "client '%s' holds %s of resource %s with a maximum of %s",
            name,
            allocation[r],
            r,
            maximum[r]);
      }
      clients.put(name, new int[][] {maximum.clone(), allocation.clone()});
      return this;
    }

    /**
     * The state.
     *
     * @return the state, immutable
     */
    public AllocationState build() {
      int[][] maximum = new int[clients.size()][];
      int[][] allocation = new int[clients.size()][];
      int c = 0;
      for (int[][] client : clients.values()) {
        maximum[c] = client[0];
        allocation[c++] = client[1];
      }
      return new AllocationState(available.clone(), List.copyOf(clients.keySet()), maximum, allocation);
    }
  }
}
