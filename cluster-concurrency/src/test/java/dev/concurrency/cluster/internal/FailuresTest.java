package dev.concurrency.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.concurrency.cluster.ClassNotAllowedException;
import dev.concurrency.cluster.MemberInfo;
import dev.concurrency.cluster.TaskLostException;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

final class FailuresTest {

  private static final MemberInfo M = new MemberInfo(UUID.randomUUID(), "127.0.0.1:5701", "m");

  @Test
  void memberLeft_becomesTaskLostWithItAsCause() {
    MemberLeftException left = new MemberLeftException("gone");

    Throwable t = Failures.translate(new CompletionException(left), "task 1", M);

    assertThat(t).isInstanceOf(TaskLostException.class).hasCause(left).hasMessageContaining("task 1").hasMessageContaining("m (127.0.0.1:5701)");
    assertThat(((TaskLostException) t).task()).isEqualTo("task 1");
  }

  @Test
  void targetGoneOrDisconnected_becomesTaskLostWithAMemberLeftCause() {
    for (RuntimeException e : new RuntimeException[] {new TargetNotMemberException("not"), new TargetDisconnectedException("cut")}) {
      Throwable t = Failures.translate(new ExecutionException(e), "task 2", M);

      assertThat(t).isInstanceOf(TaskLostException.class);
      assertThat(t.getCause()).isInstanceOf(MemberLeftException.class).hasCause(e);
    }
  }

  @Test
  void ownConnectionShutDown_saysSo() {
    Throwable t = Failures.translate(new HazelcastInstanceNotActiveException(), "task 3", M);

    assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("cluster connection shut down");
  }

  @Test
  void refusedClass_becomesClassNotAllowedNamingIt() {
    HazelcastSerializationException refused =
        new HazelcastSerializationException(new SecurityException("Resolving class com.x.Secret is not allowed."));

    Throwable t = Failures.translate(refused, "task 4", M);

    assertThat(t).isInstanceOfSatisfying(ClassNotAllowedException.class, e -> assertThat(e.className()).isEqualTo("com.x.Secret"));
  }

  @Test
  void missingClass_saysItMustBeOnTheMembersClassPath() {
    HazelcastSerializationException missing = new HazelcastSerializationException(new ClassNotFoundException("com.x.Gone"));

    assertThat(Failures.translate(missing, "task 5", M)).isInstanceOf(IllegalStateException.class).hasMessageContaining("class path");
    HazelcastSerializationException other = new HazelcastSerializationException("other");
    assertThat(Failures.translate(other, "task 5", M)).isSameAs(other);
  }

  @Test
  void anythingElse_unwrappedAsItIs() {
    RejectedExecutionException rejected = new RejectedExecutionException("full");

    assertThat(Failures.translate(new CompletionException(rejected), "task 6", M)).isSameAs(rejected);
  }
}
