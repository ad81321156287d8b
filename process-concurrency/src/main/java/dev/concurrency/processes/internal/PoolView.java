package dev.concurrency.processes.internal;

import dev.concurrency.processes.ProcessPoolMXBean;
import java.util.List;

/**
 * A pool's {@link ProcessPoolMXBean}: what JMX asks, answered by the pool's engine. It holds the engine and never
 * the {@code ProcessPool}, so that a registered bean does not keep a pool nobody uses from being shut down when it
 * becomes unreachable.
 *
 * <p>Thread-safe, as the engine is.
 */
final class PoolView implements ProcessPoolMXBean {

  private final PoolCore core;

  PoolView(PoolCore core) {
    this.core = core;
  }

  @Override
  public String getName() {
    return core.name();
  }

  @Override
  public int getMaxWorkers() {
    return core.maxWorkers();
  }

  @Override
  public int getQueueLength() {
    return core.queueLength();
  }

  @Override
  public List<Long> getWorkerPids() {
    return core.workerPids();
  }

  @Override
  public long getSubmittedTaskCount() {
    return core.counts.submitted.sum();
  }

  @Override
  public long getCompletedTaskCount() {
    return core.counts.completed.sum();
  }

  @Override
  public long getFailedTaskCount() {
    return core.counts.failed.sum();
  }

  @Override
  public long getCancelledTaskCount() {
    return core.counts.cancelled.sum();
  }

  @Override
  public long getStartedWorkerCount() {
    return core.counts.workersStarted.sum();
  }

  @Override
  public long getLostWorkerCount() {
    return core.counts.workersLost.sum();
  }

  @Override
  public long getRecycledWorkerCount() {
    return core.counts.workersRecycled.sum();
  }

  @Override
  public Snapshot getSnapshot() {
    return core.snapshot();
  }
}
