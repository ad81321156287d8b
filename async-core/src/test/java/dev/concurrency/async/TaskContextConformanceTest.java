package dev.concurrency.async;

import static dev.concurrency.async.AsyncIO.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code test_tasks.py} context-variable tests, and the rules of {@code contextvars}. */
@Timeout(30)
final class TaskContextConformanceTest {

  private final VirtualClock clock = VirtualClock.autoAdvancing();

  private EventLoop.Builder config() {
    return EventLoop.builder().clock(clock);
  }

  // CPython: test_tasks.py BaseTaskTests.test_context_1 — a task sees its creator's values as they were when it
  // was created; its own changes stay its own
  @Test
  void taskGetsACopyAtCreation() {
    ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
    run(config(), () -> {
      assertThat(cvar.get()).isEqualTo("nope");
      AsyncTask<Void> sub = createTask(() -> {
        sleep(Duration.ofMillis(10));
        assertThat(cvar.get()).isEqualTo("nope");
        cvar.set("something else");
      });
      cvar.set("yes");
      assertThat(cvar.get()).isEqualTo("yes");
      sub.await();
      assertThat(cvar.get()).isEqualTo("yes");
    });
  }

  // CPython: test_tasks.py BaseTaskTests.test_context_2 — done-callbacks run in a copy of the context current when
  // they were added; what they set does not leak into the task
  @Test
  void doneCallbacksRunInACopy() {
    ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
    List<String> seenByCallbacks = new ArrayList<>();
    run(config(), () -> {
      EventLoop loop = getRunningLoop();
      assertThat(cvar.get()).isEqualTo("nope");
      for (int j = 0; j < 2; j++) {
        AsyncFuture<Void> fut = loop.createFuture();
        fut.addDoneCallback(f -> {
          seenByCallbacks.add(cvar.get());
          cvar.set("something else"); // must not pollute the task's context
        });
        cvar.set("yes" + j);
        loop.callSoon(() -> fut.setResult(null));
        fut.await();
        assertThat(cvar.get()).isEqualTo("yes" + j);
        for (int i = 0; i < 2; i++) {
          cvar.set("yes" + i + "-" + j);
          sleep(Duration.ofMillis(1));
          assertThat(cvar.get()).isEqualTo("yes" + i + "-" + j);
        }
      }
    });
    // each callback was added before the task set "yes<j>": it saw the value current when it was added
    assertThat(seenByCallbacks).containsExactly("nope", "yes1-0");
    assertThat(cvar.get()).isEqualTo("nope");
  }

  // CPython: test_tasks.py BaseTaskTests.test_context_3 — 100 tasks each set the variable between random sleeps
  @Test
  void hundredTasks_eachKeepItsOwnValue() {
    ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
    Random random = new Random(42);
    run(config(), () -> {
      List<AsyncFuture<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 100; t++) {
        int num = random.nextInt(11);
        long[] pauses = random.longs(10, 1_000_000, 50_000_000).toArray();
        tasks.add(createTask(() -> {
          for (int i = 0; i < 10; i++) {
            cvar.set(num + i);
            sleep(Duration.ofNanos(pauses[i]));
            assertThat(cvar.get()).isEqualTo(num + i);
          }
        }));
      }
      gather(tasks, /* returnExceptions= */ false).await();
    });
    assertThat(cvar.get()).isEqualTo(-1);
  }

  // CPython: test_tasks.py BaseTaskTests.test_context_4 / test_context_5 / test_context_6 — tasks given one
  // context share it: what each sets shows in it
  @Test
  void tasksGivenAContext_setVariablesInIt() {
    ContextVar<Integer> cvar = new ContextVar<>("cvar");
    List<Integer> ret = new ArrayList<>();
    run(config(), () -> {
      Context ctx = copyContext();
      ret.add(ctx.get(cvar));
      createTask(() -> setAfterYield(cvar, 1), TaskOptions.defaults().withContext(ctx)).await();
      ret.add(ctx.get(cvar));
      getRunningLoop().createTask(() -> setAfterYield(cvar, 2), TaskOptions.defaults().withContext(ctx)).await();
      ret.add(ctx.get(cvar));
    });
    assertThat(ret).containsExactly(null, 1, 2);
  }

  private static Void setAfterYield(ContextVar<Integer> cvar, int value) {
    sleep(Duration.ZERO);
    cvar.set(value);
    return null;
  }

  // CPython: test_tasks.py BaseTaskTests.test_get_context — the task's context is the one it was given
  @Test
  void getContext_isTheGivenContext() {
    run(config(), () -> {
      Context context = copyContext();
      AsyncTask<Void> task = createTask(() -> {}, TaskOptions.defaults().withContext(context));
      task.await();
      assertThat(task.getContext()).isSameAs(context);
    });
  }

  // CPython: test_tasks.py BaseTaskTests.test_get_coro — the task keeps its coroutine
  @Test
  void getCoro_isTheTasksBody() {
    Coroutine<String> body = () -> "x";
    run(config(), () -> {
      AsyncTask<String> task = createTask(body);
      task.await();
      assertThat(task.getCoro()).isSameAs(body);
    });
  }

  // callSoon runs in a copy of the scheduling context, or in the context given, whose changes persist
  @Test
  void callSoon_copyOrGivenContext() {
    ContextVar<String> cvar = new ContextVar<>("cvar", "default");
    List<String> seen = new ArrayList<>();
    run(config(), () -> {
      cvar.set("scheduler");
      EventLoop loop = getRunningLoop();
      loop.callSoon(() -> {
        seen.add(cvar.get());
        cvar.set("changed in the copy");
      });
      Context given = new Context();
      loop.callSoon(() -> cvar.set("kept"), given);
      sleep(Duration.ZERO);
      assertThat(cvar.get()).isEqualTo("scheduler");
      assertThat(given.get(cvar)).isEqualTo("kept");
    });
    assertThat(seen).containsExactly("scheduler");
  }

  // contextvars: get without a value or default, reset with a token, tokens used twice or in another context
  @Test
  void contextVar_getSetReset_rules() {
    ContextVar<String> plain = new ContextVar<>("plain");
    ContextVar<String> other = new ContextVar<>("other");
    run(config(), () -> {
      assertThatThrownBy(plain::get).isInstanceOf(NoSuchElementException.class).hasMessageContaining("plain");
      assertThat(plain.get("fallback")).isEqualTo("fallback");
      ContextVar.Token<String> t1 = plain.set("a");
      assertThat(t1.hadOldValue()).isFalse();
      ContextVar.Token<String> t2 = plain.set("b");
      assertThat(t2.getOldValue()).isEqualTo("a");
      plain.reset(t2);
      assertThat(plain.get()).isEqualTo("a");
      assertThatThrownBy(() -> plain.reset(t2)).isInstanceOf(IllegalStateException.class);
      @SuppressWarnings("unchecked")
      ContextVar.Token<String> foreign = (ContextVar.Token<String>) (Object) other.set("x");
      assertThatThrownBy(() -> plain.reset(foreign)).isInstanceOf(IllegalArgumentException.class);
      ContextVar.Token<String> inTask = createTask(() -> plain.set("task")).await();
      assertThatThrownBy(() -> plain.reset(inTask)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("different Context");
      plain.reset(t1);
      assertThatThrownBy(plain::get).isInstanceOf(NoSuchElementException.class);
    });
  }

  // Context.run makes a context current for a body, keeps what it sets, and cannot be entered twice
  @Test
  void contextRun_entersAndRestores() {
    ContextVar<Integer> cvar = new ContextVar<>("cvar", 0);
    Context ctx = new Context();
    int inside = ctx.run(() -> {
      cvar.set(7);
      assertThatThrownBy(() -> ctx.run(() -> null)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already entered");
      return cvar.get();
    });
    assertThat(inside).isEqualTo(7);
    assertThat(ctx.get(cvar)).isEqualTo(7);
    assertThat(cvar.get()).isZero();
    assertThat(ctx.keySet()).containsExactly(cvar);
  }

  // Tasks of a TaskGroup copy the context current when the group creates them
  @Test
  void taskGroupTasks_copyTheCreatorsContext() {
    ContextVar<String> cvar = new ContextVar<>("cvar", "none");
    List<String> seen = new ArrayList<>();
    run(config(), () -> {
      cvar.set("outer");
      taskGroup(tg -> {
        tg.createTask(() -> seen.add(cvar.get()));
        cvar.set("later");
        tg.createTask(() -> seen.add(cvar.get()));
      });
    });
    assertThat(seen).containsExactly("outer", "later");
  }

  // TaskGroup.createTask with a context: the group's task runs in it (Python: tg.create_task(coro, context=ctx))
  @Test
  void taskGroupCreateTask_withContext_runsInIt() {
    ContextVar<String> cvar = new ContextVar<>("cvar", "none");
    run(config(), () -> {
      Context ctx = new Context();
      taskGroup(tg -> tg.createTask(() -> {
        cvar.set("set by the group's task");
      }, TaskOptions.defaults().withContext(ctx)));
      assertThat(ctx.get(cvar)).isEqualTo("set by the group's task");
      assertThat(cvar.get()).isEqualTo("none");
    });
  }

  // toThread runs the work in a copy of the task's context, as asyncio.to_thread does (test_threads.py
  // test_to_thread_contextvars): the thread sees the task's value, and what it sets stays in the copy
  @Test
  void toThread_seesTheTasksContext() {
    ContextVar<String> cvar = new ContextVar<>("cvar", "default");
    String seen = run(EventLoop.builder(), () -> {
      cvar.set("from the task");
      String inThread = ThreadBridge.toThread(() -> {
        String value = cvar.get();
        cvar.set("changed in the thread");
        return value;
      });
      assertThat(cvar.get()).isEqualTo("from the task");
      return inThread;
    });
    assertThat(seen).isEqualTo("from the task");
  }
}
