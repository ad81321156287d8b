package dev.concurrency.cluster;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Three embedded members on 127.0.0.1, ports picked by the system, shared by the tests of one test JVM: started by
 * the first test that asks, closed when the test run ends ({@link SessionEnd}, registered as a JUnit Platform
 * launcher session listener, so after Jupiter's and jqwik's tests alike).
 *
 * <p>The cluster's name is unique, and members find each other only at the addresses they are given, so test
 * JVMs running at the same time on one machine never meet. The members allow this package's classes (the tests'
 * lambdas and values), not its subpackages: {@code dev.concurrency.cluster.forbidden} is the refused one.
 */
final class TestCluster implements AutoCloseable {

  /** Generous: three cold members on a loaded 2-core machine take tens of seconds. */
  static final Duration FORMING = Duration.ofMinutes(2);

  private static TestCluster shared;

  final String clusterName = "test-" + UUID.randomUUID();
  final List<ClusterMember> members;

  private TestCluster() {
    ClusterMember first = member("member-1").start();
    try {
      ClusterMember second = member("member-2").join(first.address()).start();
      ClusterMember third = member("member-3").join(first.address()).start();
      members = List.of(first, second, third);
      if (!first.awaitMembers(3, FORMING)) {
        throw new IllegalStateException("the test cluster did not reach 3 members: " + first.members());
      }
    } catch (RuntimeException | InterruptedException e) {
      first.close();
      throw new IllegalStateException("could not start the test cluster", e);
    }
  }

  /** The shared cluster, started on first use. */
  static synchronized TestCluster shared() {
    if (shared == null) {
      shared = new TestCluster();
    }
    return shared;
  }

  /** A member builder for this cluster: no join wait (members start one after another), two workers each. */
  ClusterMember.Builder member(String name) {
    return ClusterMember.builder()
        .clusterName(clusterName)
        .name(name)
        .joinWait(Duration.ZERO)
        .workers(2)
        .allow("dev.concurrency.cluster.*");
  }

  ClusterMember first() {
    return members.get(0);
  }

  @Override
  public void close() {
    for (ClusterMember member : members.reversed()) {
      member.close();
    }
  }

  /** Closes the shared cluster when the test run's launcher session ends. */
  public static final class SessionEnd implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
      synchronized (TestCluster.class) {
        if (shared != null) {
          shared.close();
          shared = null;
        }
      }
    }
  }
}
