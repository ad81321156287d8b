package dev.concurrency.model.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties every schedule must have, and the optimality results scheduling theory proves. */
final class SimulatorPropertiesTest {

  private static final double EPS = 1e-9;

  static List<Policy> allPolicies() {
    return List.of(
        Policy.fcfs(), Policy.sjf(), Policy.srtf(), Policy.priority(false, 0), Policy.priority(true, 0),
        Policy.priority(false, 3), Policy.priority(true, 2), Policy.roundRobin(1), Policy.roundRobin(4),
        Policy.mlfq(List.of(1L, 2L, 4L), 0), Policy.mlfq(List.of(2L, 8L), 10));
  }

  @Provide
  Arbitrary<List<Job>> jobs() {
    return jobsArriving(Arbitraries.longs().between(0, 20));
  }

  @Provide
  Arbitrary<List<Job>> simultaneousJobs() {
    return jobsArriving(Arbitraries.just(0L));
  }

  private static Arbitrary<List<Job>> jobsArriving(Arbitrary<Long> arrivals) {
    Arbitrary<long[]> triple =
        Combinators.combine(arrivals, Arbitraries.longs().between(1, 15), Arbitraries.longs().between(0, 5))
            .as((a, b, p) -> new long[] {a, b, p});
    return triple.list().ofMinSize(1).ofMaxSize(8)
        .map(
            list -> {
              List<Job> jobs = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                long[] t = list.get(i);
                jobs.add(new Job("J" + i, t[0], t[1], (int) t[2]));
              }
              return jobs;
            });
  }

  @Property(tries = 150)
  void everyPolicy_conservesWork_andNeverRunsAJobTwiceAtOnce(
      @ForAll("jobs") List<Job> jobs,
      @ForAll @IntRange(min = 1, max = 3) int cpus,
      @ForAll @IntRange(min = 0, max = 2) int contextSwitch) {
    SchedulerConfig config = new SchedulerConfig(cpus, contextSwitch);
    for (Policy policy : allPolicies()) {
      Schedule s = Simulator.run(jobs, policy, config);
      Map<String, Long> ran = new HashMap<>();
      for (Slice slice : s.slices()) {
        if (slice.kind() == Slice.Kind.RUN) {
          ran.merge(slice.job(), slice.length(), Long::sum);
        }
      }
      for (Job job : jobs) {
        assertThat(ran.get(job.name())).as("%s: CPU time of %s", policy.name(), job.name()).isEqualTo(job.burst());
      }
      assertNoOverlap(s.slices(), policy, Comparator.comparingInt(Slice::cpu), "a CPU");
      List<Slice> runs = s.slices().stream().filter(x -> x.kind() == Slice.Kind.RUN).toList();
      assertNoOverlapPerJob(runs, policy);
      for (JobStats st : s.stats()) {
        assertThat(st.waiting()).as("%s waiting of %s", policy.name(), st.job().name()).isNotNegative();
        assertThat(st.response()).as("%s response of %s", policy.name(), st.job().name())
            .isBetween(0L, st.waiting());
        assertThat(st.firstRun()).isGreaterThanOrEqualTo(st.job().arrival());
      }
      assertThat(s.utilisation()).isBetween(0.0, 1.0 + EPS);
    }
  }

  @Property(tries = 150)
  void oneCpuNoSwitchCost_noPolicyIdlesWhileWorkIsReady(@ForAll("simultaneousJobs") List<Job> jobs) {
    long total = jobs.stream().mapToLong(Job::burst).sum();
    for (Policy policy : allPolicies()) {
      Schedule s = Simulator.run(jobs, policy);

      assertThat(s.makespan()).as(policy.name()).isEqualTo(total);
      assertThat(s.utilisation()).as(policy.name()).isEqualTo(1.0);
    }
  }

  @Property(tries = 200)
  void sjf_minimisesMeanWaiting_amongNonPreemptivePolicies(@ForAll("simultaneousJobs") List<Job> jobs) {
    double sjf = Simulator.run(jobs, Policy.sjf()).meanWaiting();

    for (Policy other : List.of(Policy.fcfs(), Policy.priority(false, 0), Policy.priority(false, 2))) {
      assertThat(sjf).as("SJF vs %s", other.name()).isLessThanOrEqualTo(Simulator.run(jobs, other).meanWaiting() + EPS);
    }
  }

  @Property(tries = 200)
  void srtf_minimisesMeanWaiting_amongAllPoliciesOnOneCpu(@ForAll("jobs") List<Job> jobs) {
    double srtf = Simulator.run(jobs, Policy.srtf()).meanWaiting();

    for (Policy other : allPolicies()) {
      assertThat(srtf).as("SRTF vs %s", other.name()).isLessThanOrEqualTo(Simulator.run(jobs, other).meanWaiting() + EPS);
    }
  }

  @Property(tries = 150)
  void manyCpus_makespanAtLeastTheLowerBound(
      @ForAll("simultaneousJobs") List<Job> jobs, @ForAll @IntRange(min = 1, max = 4) int cpus) {
    long total = jobs.stream().mapToLong(Job::burst).sum();
    long longest = jobs.stream().mapToLong(Job::burst).max().orElseThrow();
    long bound = Math.max(longest, (total + cpus - 1) / cpus);
    for (Policy policy : allPolicies()) {
      Schedule s = Simulator.run(jobs, policy, new SchedulerConfig(cpus, 0));

      assertThat(s.makespan()).as(policy.name()).isBetween(bound, total);
    }
  }

  @Property(tries = 100)
  void nonPreemptivePolicies_responseEqualsWaiting(@ForAll("jobs") List<Job> jobs) {
    for (Policy policy : List.of(Policy.fcfs(), Policy.sjf(), Policy.priority(false, 3))) {
      for (JobStats st : Simulator.run(jobs, policy).stats()) {
        assertThat(st.response()).as(policy.name()).isEqualTo(st.waiting());
      }
    }
  }

  private static void assertNoOverlap(List<Slice> slices, Policy policy, Comparator<Slice> group, String what) {
    List<Slice> sorted = new ArrayList<>(slices);
    sorted.sort(group.thenComparingLong(Slice::start));
    for (int i = 1; i < sorted.size(); i++) {
      Slice a = sorted.get(i - 1);
      Slice b = sorted.get(i);
      if (group.compare(a, b) == 0) {
        assertThat(b.start()).as("%s: %s does two things at once: %s and %s", policy.name(), what, a, b)
            .isGreaterThanOrEqualTo(a.end());
      }
    }
  }

  private static void assertNoOverlapPerJob(List<Slice> runs, Policy policy) {
    assertNoOverlap(runs, policy, Comparator.comparing(Slice::job), "a job");
  }
}
