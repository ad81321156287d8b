package dev.concurrency.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

final class WorkLogTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final MemberInfo A = new MemberInfo(UUID.randomUUID(), "127.0.0.1:1", "a");
  private static final MemberInfo B = new MemberInfo(UUID.randomUUID(), "127.0.0.1:2", "127.0.0.1:2");

  private static TaskRun run(String task, MemberInfo sentTo, MemberInfo ranOn, long startMs, long endMs, TaskRun.Status status) {
    return new TaskRun(task, sentTo, ranOn, T0.plusMillis(startMs), T0.plusMillis(endMs), status);
  }

  @Test
  void runs_byStartTime_countsAndSummaryPerMember() {
    WorkLog log = new WorkLog(T0);
    log.record(run("t2", A, A, 20, 30, TaskRun.Status.SUCCEEDED));
    log.record(run("t1", A, A, 0, 10, TaskRun.Status.FAILED));
    log.record(run("t3", B, A, 5, 25, TaskRun.Status.SUCCEEDED));
    log.record(run("t4", B, B, 0, 100, TaskRun.Status.LOST));

    assertThat(log.runs()).extracting(TaskRun::task).containsExactly("t1", "t4", "t3", "t2");
    assertThat(log.countsByMember()).containsExactly(entry(A, 3L));
    assertThat(log.summary().lines().toList())
        .containsExactly(
            "member           tasks  failed  lost  moved    busy ms",
            "127.0.0.1:2          0       0     1      0          0",
            "a (127.0.0.1:1)      3       1     0      1         40");
  }

  @Test
  void taskRun_nanosSinceAnOrigin_neverNegative() {
    TaskRun early = run("t", A, A, 0, 5, TaskRun.Status.SUCCEEDED);

    assertThat(early.startNanosSince(T0)).isZero();
    assertThat(early.endNanosSince(T0)).isEqualTo(Duration.ofMillis(5).toNanos());
    assertThat(early.startNanosSince(T0.plusSeconds(1))).isZero();
    assertThat(early.endNanosSince(T0.plusSeconds(1))).isZero();
    assertThat(early.duration()).isEqualTo(Duration.ofMillis(5));
    assertThat(early.moved()).isFalse();
    assertThat(run("t", B, A, 0, 1, TaskRun.Status.SUCCEEDED).moved()).isTrue();
  }

  @Test
  void taskRun_finishingBeforeItStarts_refused() {
    assertThatThrownBy(() -> run("t", A, A, 10, 5, TaskRun.Status.SUCCEEDED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before it starts");
  }

  @Test
  void memberInfo_printsNameAndAddressOnceEach() {
    assertThat(A).hasToString("a (127.0.0.1:1)");
    assertThat(B).hasToString("127.0.0.1:2");
  }
}
