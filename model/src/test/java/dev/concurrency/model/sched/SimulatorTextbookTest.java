package dev.concurrency.model.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Worked examples from operating-systems textbooks (Silberschatz, Galvin and Gagne, "Operating System
 * Concepts", chapter on CPU scheduling), plus hand-worked aging, MLFQ, multi-CPU and context-switch cases.
 * Schedules are asserted as event logs: {@code "cpu:job@start-end"}, switches marked {@code ~}.
 */
final class SimulatorTextbookTest {

  /** The classic example: P1 = 24, P2 = 3, P3 = 3, all arriving at 0. */
  private static final List<Job> CLASSIC = List.of(Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3));

  static String events(Schedule s) {
    return s.slices().stream()
        .map(x -> x.cpu() + ":" + (x.kind() == Slice.Kind.SWITCH ? "~" : "") + x.job() + "@" + x.start() + "-" + x.end())
        .collect(Collectors.joining(" "));
  }

  private static List<Long> waiting(Schedule s) {
    return s.stats().stream().map(JobStats::waiting).toList();
  }

  @Test
  void fcfs_classic_meanWaiting17() {
    Schedule s = Simulator.run(CLASSIC, Policy.fcfs());

    assertThat(events(s)).isEqualTo("0:P1@0-24 0:P2@24-27 0:P3@27-30");
    assertThat(waiting(s)).containsExactly(0L, 24L, 27L);
    assertThat(s.meanWaiting()).isEqualTo(17.0);
    assertThat(s.meanTurnaround()).isEqualTo(27.0);
  }

  @Test
  void fcfs_classicInOtherOrder_meanWaiting3() {
    Schedule s = Simulator.run(List.of(CLASSIC.get(1), CLASSIC.get(2), CLASSIC.get(0)), Policy.fcfs());

    assertThat(s.meanWaiting()).isEqualTo(3.0);
  }

  @Test
  void sjf_classic_meanWaiting3() {
    Schedule s = Simulator.run(CLASSIC, Policy.sjf());

    assertThat(events(s)).isEqualTo("0:P2@0-3 0:P3@3-6 0:P1@6-30");
    assertThat(waiting(s)).containsExactly(6L, 0L, 3L);
    assertThat(s.meanWaiting()).isEqualTo(3.0);
  }

  @Test
  void sjf_textbookFourJobs_meanWaiting7() {
    // Silberschatz SJF: P1 6, P2 8, P3 7, P4 3 -> P4 P1 P3 P2, waits 3, 16, 9, 0
    List<Job> jobs = List.of(Job.of("P1", 0, 6), Job.of("P2", 0, 8), Job.of("P3", 0, 7), Job.of("P4", 0, 3));

    assertThat(waiting(Simulator.run(jobs, Policy.sjf()))).containsExactly(3L, 16L, 9L, 0L);
  }

  @Test
  void roundRobin_quantum4_classic_meanWaiting17Over3() {
    Schedule s = Simulator.run(CLASSIC, Policy.roundRobin(4));

    assertThat(events(s)).isEqualTo("0:P1@0-4 0:P2@4-7 0:P3@7-10 0:P1@10-30");
    assertThat(waiting(s)).containsExactly(6L, 4L, 7L);
    assertThat(s.meanWaiting()).isCloseTo(17.0 / 3, within(1e-12));
    assertThat(s.meanResponse()).isCloseTo((0 + 4 + 7) / 3.0, within(1e-12));
    assertThat(s.contextSwitches()).isEqualTo(3);
    assertThat(Simulator.run(CLASSIC, Policy.fcfs()).contextSwitches()).isEqualTo(2);
  }

  @Test
  void srtf_textbookArrivals_meanWaiting6point5() {
    // Silberschatz SRTF: P1 (0, 8), P2 (1, 4), P3 (2, 9), P4 (3, 5)
    List<Job> jobs = List.of(Job.of("P1", 0, 8), Job.of("P2", 1, 4), Job.of("P3", 2, 9), Job.of("P4", 3, 5));
    Schedule s = Simulator.run(jobs, Policy.srtf());

    assertThat(events(s)).isEqualTo("0:P1@0-1 0:P2@1-5 0:P4@5-10 0:P1@10-17 0:P3@17-26");
    assertThat(waiting(s)).containsExactly(9L, 0L, 15L, 2L);
    assertThat(s.meanWaiting()).isEqualTo(6.5);
  }

  @Test
  void priority_textbookNonPreemptive_meanWaiting8point2() {
    // Silberschatz priority: P1 10/3, P2 1/1, P3 2/4, P4 1/5, P5 5/2 -> P2 P5 P1 P3 P4
    List<Job> jobs =
        List.of(
            new Job("P1", 0, 10, 3), new Job("P2", 0, 1, 1), new Job("P3", 0, 2, 4), new Job("P4", 0, 1, 5),
            new Job("P5", 0, 5, 2));
    Schedule s = Simulator.run(jobs, Policy.priority(false, 0));

    assertThat(events(s)).isEqualTo("0:P2@0-1 0:P5@1-6 0:P1@6-16 0:P3@16-18 0:P4@18-19");
    assertThat(s.meanWaiting()).isCloseTo(8.2, within(1e-12));
  }

  @Test
  void priority_preemptive_higherArrivalTakesTheCpu() {
    List<Job> jobs = List.of(new Job("low", 0, 5, 3), new Job("high", 2, 2, 1));
    Schedule s = Simulator.run(jobs, Policy.priority(true, 0));

    assertThat(events(s)).isEqualTo("0:low@0-2 0:high@2-4 0:low@4-7");
    assertThat(s.stats().get(0).response()).isZero();
  }

  /** Jobs for the aging example: B (priority 3) would wait behind three priority-1 jobs. */
  private static final List<Job> AGING =
      List.of(new Job("A", 0, 4, 1), new Job("B", 0, 1, 3), new Job("C", 1, 4, 1), new Job("D", 4, 4, 1));

  @Test
  void priority_withoutAging_lowPriorityJobWaitsBehindAll() {
    Schedule s = Simulator.run(AGING, Policy.priority(false, 0));

    assertThat(events(s)).isEqualTo("0:A@0-4 0:C@4-8 0:D@8-12 0:B@12-13");
    assertThat(waiting(s)).containsExactly(0L, 12L, 3L, 4L);
  }

  @Test
  void priority_withAging2_lowPriorityJobAgesPastALaterArrival() {
    // Worked by hand: one level gained per 2 ticks of waiting. At t=4, B has aged 3 -> 1, C 1 -> 0: C runs.
    // At t=8, B and D are both at 0 (D aged 1 -> 0 over ticks 4..5); B entered the queue first, so B runs.
    Schedule s = Simulator.run(AGING, Policy.priority(false, 2));

    assertThat(events(s)).isEqualTo("0:A@0-4 0:C@4-8 0:B@8-9 0:D@9-13");
    assertThat(waiting(s)).containsExactly(0L, 8L, 3L, 5L);
    assertThat(s.meanWaiting()).isEqualTo(4.0);
  }

  @Test
  void mlfq_twoLevels_longJobDemotedShortJobFinishesFirst() {
    // Worked by hand: A uses its top-level quantum (2) and drops; B runs its 2 ticks; A runs 4 then 1 on level 1.
    List<Job> jobs = List.of(Job.of("A", 0, 7), Job.of("B", 1, 2));
    Schedule s = Simulator.run(jobs, Policy.mlfq(List.of(2L, 4L), 0));

    assertThat(events(s)).isEqualTo("0:A@0-2 0:B@2-4 0:A@4-9");
    assertThat(waiting(s)).containsExactly(2L, 1L);
  }

  @Test
  void mlfq_newArrivalOnTopLevel_preemptsDemotedJob() {
    List<Job> jobs = List.of(Job.of("A", 0, 10), Job.of("B", 3, 1));
    Schedule s = Simulator.run(jobs, Policy.mlfq(List.of(1L, 100L), 0));

    assertThat(events(s)).isEqualTo("0:A@0-3 0:B@3-4 0:A@4-11");
  }

  @Test
  void mlfq_boost_returnsDemotedJobToTop() {
    // Without a boost, A runs on level 1 and C (level 0) preempts it on arrival at 6. With a boost every
    // 5 ticks, A is back on level 0 at t=5 with a fresh top-level quantum of 2: C (same level) waits for it.
    List<Job> jobs = List.of(Job.of("A", 0, 10), Job.of("C", 6, 1));
    Schedule plain = Simulator.run(jobs, Policy.mlfq(List.of(2L, 50L), 0));
    Schedule boosted = Simulator.run(jobs, Policy.mlfq(List.of(2L, 50L), 5));

    assertThat(events(plain)).isEqualTo("0:A@0-6 0:C@6-7 0:A@7-11");
    assertThat(events(boosted)).isEqualTo("0:A@0-7 0:C@7-8 0:A@8-11");
  }

  @Test
  void twoCpus_fcfsClassic_shortJobsShareTheSecondCpu() {
    Schedule s = Simulator.run(CLASSIC, Policy.fcfs(), SchedulerConfig.builder().cpus(2).build());

    assertThat(events(s)).isEqualTo("0:P1@0-24 1:P2@0-3 1:P3@3-6");
    assertThat(s.makespan()).isEqualTo(24);
    assertThat(s.utilisation()).isCloseTo(30.0 / 48, within(1e-12));
  }

  @Test
  void contextSwitchCost_roundRobin_chargedOnlyWhenTheJobChanges() {
    Schedule s = Simulator.run(CLASSIC, Policy.roundRobin(4), SchedulerConfig.builder().contextSwitch(1).build());

    assertThat(events(s)).isEqualTo("0:P1@0-4 0:~P2@4-5 0:P2@5-8 0:~P3@8-9 0:P3@9-12 0:~P1@12-13 0:P1@13-33");
    assertThat(s.contextSwitches()).isEqualTo(3);
    assertThat(s.makespan()).isEqualTo(33);
    assertThat(s.utilisation()).isCloseTo(30.0 / 33, within(1e-12));
  }

  @Test
  void preemptiveAgingWithSwitchCost_jobsStillFinish() {
    // Aging every tick with switches of 2 once let two jobs preempt each other during their switches for ever.
    List<Job> jobs = List.of(new Job("A", 0, 3, 3), new Job("B", 0, 3, 3));
    Schedule s = Simulator.run(jobs, Policy.priority(true, 1), new SchedulerConfig(1, 2));

    assertThat(s.stats()).allSatisfy(st -> assertThat(st.completion()).isPositive());
    assertThat(s.slices()).filteredOn(x -> x.kind() == Slice.Kind.RUN).extracting(Slice::length).containsOnly(1L);
  }

  @Test
  void idleGap_jobsArriveLater_makespanFromFirstArrival() {
    Schedule s = Simulator.run(List.of(Job.of("a", 5, 2), Job.of("b", 10, 1)), Policy.fcfs());

    assertThat(events(s)).isEqualTo("0:a@5-7 0:b@10-11");
    assertThat(s.makespan()).isEqualTo(6);
    assertThat(s.throughput()).isCloseTo(2.0 / 6, within(1e-12));
  }

  @Test
  void emptyWorkload_zeroFigures() {
    Schedule s = Simulator.run(List.of(), Policy.fcfs());

    assertThat(s.makespan()).isZero();
    assertThat(s.throughput()).isZero();
    assertThat(s.utilisation()).isZero();
    assertThat(s.meanWaiting()).isZero();
  }

  @Test
  void report_classicRoundRobin_tableWithMeans() {
    String report = Simulator.run(CLASSIC, Policy.roundRobin(4)).report();

    assertThat(report)
        .isEqualTo(
            """
            RR q=4 on 1 CPU(s), context switch 0
            job      arrival burst priority response waiting turnaround
            P1             0    24        0        0       6         30
            P2             0     3        0        4       4          7
            P3             0     3        0        7       7         10
            mean                                3.67    5.67      15.67
            makespan 30, throughput 0.100 jobs/tick, utilisation 100.0 %
            """);
  }

  @Test
  void gantt_classicRoundRobin_rowsPerCpuAndJob() {
    String chart = Simulator.run(CLASSIC, Policy.roundRobin(4)).gantt(30);

    assertThat(chart.lines().toList())
        .startsWith(
            "cpu0: P1  |####......####################|  0 .. 30.0 ms (2 spans, busy 24.0 ms)",
            "cpu0: P2  |....###.......................|  4.0 ms .. 7.0 ms",
            "cpu0: P3  |.......###....................|  7.0 ms .. 10.0 ms");
    assertThat(Simulator.run(CLASSIC, Policy.roundRobin(4), SchedulerConfig.builder().contextSwitch(1).build())
            .spans(Duration.ofMillis(1)))
        .extracting(span -> span.name())
        .contains("switch to P2");
  }

  @Test
  void badInput_clearErrors() {
    assertThatThrownBy(() -> Simulator.run(List.of(Job.of("a", 0, 1), Job.of("a", 1, 1)), Policy.fcfs()))
        .hasMessageContaining("two jobs are named 'a'");
    assertThatThrownBy(() -> Job.of("x", 0, 0)).hasMessageContaining("at least 1 tick");
    assertThatThrownBy(() -> Job.of("x", -1, 1)).hasMessageContaining("arrival times start at 0");
    assertThatThrownBy(() -> new Job("x", 0, 1, -1)).hasMessageContaining("priority -1");
    assertThatThrownBy(() -> Policy.roundRobin(0)).hasMessageContaining("quantum is 0");
    assertThatThrownBy(() -> Policy.priority(false, -1)).hasMessageContaining("aging interval is -1");
    assertThatThrownBy(() -> Policy.mlfq(List.of(), 0)).hasMessageContaining("at least one level");
    assertThatThrownBy(() -> Policy.mlfq(List.of(0L), 0)).hasMessageContaining("at least 1 tick");
    assertThatThrownBy(() -> Policy.mlfq(List.of(1L), -1)).hasMessageContaining("boost interval is -1");
    assertThatThrownBy(() -> SchedulerConfig.builder().cpus(0).build()).hasMessageContaining("cpus is 0");
    assertThatThrownBy(() -> new SchedulerConfig(1, -1)).hasMessageContaining("context switch cost is -1");
    assertThatThrownBy(() -> new Slice(0, "x", 3, 3, Slice.Kind.RUN)).hasMessageContaining("bad slice");
    assertThatThrownBy(() -> Simulator.run(CLASSIC, Policy.fcfs()).spans(Duration.ZERO))
        .hasMessageContaining("positive duration");
  }

  @Test
  void policyNames_forTables() {
    assertThat(List.of(Policy.fcfs(), Policy.sjf(), Policy.srtf(), Policy.priority(true, 5), Policy.priority(false, 0),
            Policy.roundRobin(4), Policy.mlfq(List.of(2L, 4L), 20), Policy.mlfq(List.of(2L), 0)))
        .extracting(Policy::name)
        .containsExactly("FCFS", "SJF", "SRTF", "Priority preemptive aging 5", "Priority", "RR q=4",
            "MLFQ [2, 4] boost 20", "MLFQ [2]");
  }
}
