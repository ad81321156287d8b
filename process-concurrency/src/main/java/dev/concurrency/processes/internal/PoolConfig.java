package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A pool's settings, checked, as the pool's engine uses them.
 *
 * @param maxWorkers the most worker processes alive at once
 * @param maxTasksPerChild tasks a worker runs before it is replaced; {@code 0} for no limit
 * @param initializer the serialized initializer each worker runs first, or {@code null}
 * @param prestart whether every worker is started at once instead of on demand
 * @param taskTimeout how long a task may run before its worker is killed and replaced, or {@code null}
 * @param breakOnWorkerDeath whether a worker's death breaks the pool (Python) instead of replacing the worker
 * @param command the workers' command line
 * @param codec decodes results
 * @param output where the workers' printed lines go
 * @param name the pool's name, prefix of its workers' names
 * @param warmSpare whether a new worker is taken from a booted spare ({@link WarmSpares}) when one is waiting
 */
public record PoolConfig(
    int maxWorkers,
    int maxTasksPerChild,
    byte @Nullable [] initializer,
    boolean prestart,
    @Nullable Duration taskTimeout,
    boolean breakOnWorkerDeath,
    JvmCommand command,
    Codec codec,
    PrintStream output,
    String name,
    boolean warmSpare) {

  /** Checks the settings. */
  public PoolConfig {
    Preconditions.checkArgument(maxWorkers > 0, "maxWorkers must be > 0, was %s", maxWorkers);
    Preconditions.checkArgument(maxTasksPerChild >= 0, "maxTasksPerChild must be >= 0 (0: no limit), was %s", maxTasksPerChild);
    Preconditions.checkArgument(
        taskTimeout == null || (!taskTimeout.isNegative() && !taskTimeout.isZero()),
        "taskTimeout must be positive, was %s",
        taskTimeout);
    Preconditions.checkArgument(command.mode() == JvmCommand.Mode.WORKER, "a pool's command must be in WORKER mode");
    requireNonNull(codec, "codec");
    requireNonNull(output, "output");
    requireNonNull(name, "name");
  }
}
