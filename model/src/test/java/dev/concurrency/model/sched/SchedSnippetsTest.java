package dev.concurrency.model.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The code shown in the Javadoc of {@code dev.concurrency.model.sched} ({@code {@snippet class=... region=...}}),
 * run, with the figures its comments claim checked after each region.
 */
final class SchedSnippetsTest {

  @Test
  void convoy_fcfsAgainstRoundRobin_meanWaiting() {
    // @start region="convoy"
    List<Job> jobs = List.of(Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3));
    Schedule fcfs = Simulator.run(jobs, Policy.fcfs());
    Schedule rr = Simulator.run(jobs, Policy.roundRobin(4));
    fcfs.meanWaiting();   // 17.0
    rr.meanWaiting();     // 5.67
    System.out.print(rr.gantt(60));
    // @end

    assertThat(fcfs.meanWaiting()).isCloseTo(17.0, within(1e-9));
    assertThat(rr.meanWaiting()).isCloseTo(5.67, within(0.005));
  }

  @Test
  void simulator_shortestJobFirst_runsTheShortJobsFirst() {
    // @start region="sjf"
    List<Job> jobs = List.of(Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3));
    Schedule s = Simulator.run(jobs, Policy.sjf());
    s.meanWaiting();              // 3.0: P2 and P3 first, then P1
    System.out.print(s.report());
    // @end

    assertThat(s.meanWaiting()).isCloseTo(3.0, within(1e-9));
    assertThat(s.slices().get(s.slices().size() - 1).job()).isEqualTo("P1");
  }

  @Test
  void policies_eachBuilds_withItsName() {
    // @start region="policies"
    Policy.fcfs();                    // first come, first served
    Policy.roundRobin(4);             // time slices of 4 ticks
    Policy.priority(true, 10);        // preemptive priority, aging one level every 10 ticks of waiting
    Policy.mlfq(List.of(2L, 4L, 8L), 50);
    // @end

    assertThat(List.of(Policy.fcfs(), Policy.roundRobin(4), Policy.priority(true, 10), Policy.mlfq(List.of(2L, 4L, 8L), 50)))
        .extracting(Policy::name).doesNotHaveDuplicates().allSatisfy(name -> assertThat(name).isNotBlank());
    assertThat(Policy.priority(true, 10).preemptive()).isTrue();
  }

  @Test
  void config_builder_twoCpusAndACostlySwitch() {
    // @start region="config"
    SchedulerConfig config = SchedulerConfig.builder().cpus(2).contextSwitch(1).build();
    // @end

    assertThat(config.cpus()).isEqualTo(2);
    assertThat(config.contextSwitch()).isEqualTo(1);
  }
}
