package dev.concurrency.model.sched;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The machine a simulation runs on: how many CPUs, and what a context switch costs.
 *
 * {@snippet class=dev.concurrency.model.sched.SchedSnippetsTest region=config}
 *
 * <p>A context switch is charged, on a CPU, whenever it starts running a different job from the one it ran
 * last (not for its very first job): the CPU is busy switching for {@code contextSwitch} ticks, during which
 * no job progresses and the incoming job counts as waiting.
 *
 * <p>Instances are immutable and thread-safe; builders are not thread-safe.
 *
 * @param cpus how many CPUs share the ready queue, at least 1
 * @param contextSwitch ticks lost per switch, not negative
 */
public record SchedulerConfig(int cpus, long contextSwitch) {

  /** Checks the parts. */
  public SchedulerConfig {
    checkArgument(cpus >= 1, "cpus is %s; a machine has at least 1", cpus);
    checkArgument(contextSwitch >= 0, "context switch cost is %s ticks; use 0 or more", contextSwitch);
  }

  /** {@return the textbook setting: one CPU, free context switches} */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(1, 0);
  }

  /** {@return a builder starting from {@link #defaults()}} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SchedulerConfig}. Not thread-safe. */
  public static final class Builder {
    private int cpus = 1;
    private long contextSwitch;

    private Builder() {}

    /**
     * Sets how many CPUs the machine has; default 1.
     *
     * @param cpus the number of CPUs, at least 1
     * @return this builder
     */
    public Builder cpus(int cpus) {
      this.cpus = cpus;
      return this;
    }

    /**
     * Sets the ticks lost per context switch; default 0.
     *
     * @param ticks the cost of one switch, 0 or more
     * @return this builder
     */
    public Builder contextSwitch(long ticks) {
      this.contextSwitch = ticks;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range
     */
    public SchedulerConfig build() {
      return new SchedulerConfig(cpus, contextSwitch);
    }
  }
}
