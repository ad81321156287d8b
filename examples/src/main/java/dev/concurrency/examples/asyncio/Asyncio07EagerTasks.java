package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.TaskFactory;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The eager task factory: a task's first step runs inside {@code createTask}, so a task that finds its answer
 * without waiting (a cache hit) is done before {@code createTask} returns and never goes through the loop.
 *
 * <pre>{@code
 * # Python 3.12+
 * loop.set_task_factory(asyncio.eager_task_factory)
 * hit = asyncio.create_task(lookup("a"))     # cached: done at once
 * print(hit.done())                          # True
 * miss = asyncio.create_task(lookup("z"))    # runs up to its first await, then is pending
 * print(miss.done())                         # False
 * }</pre>
 *
 * <p><b>What to notice.</b> The same code with the default factory prints {@code false} for both: a new task
 * normally starts in a later tick. Eagerly, the first step even runs before the line after {@code createTask}:
 * "lookup a: cache hit" prints first.
 *
 * <p><b>Run:</b> {@code ./examples.sh eager-tasks}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * default factory: lookup a done at once? false
 * lookup a: cache hit
 * eager factory: lookup a done at once? true
 * lookup z: cache miss, fetching
 * eager factory: lookup z done at once? false
 * lookup z -> fetched z
 * </pre>
 */
public final class Asyncio07EagerTasks {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("eager-tasks", Group.ASYNCIO, "2.1",
          "the eager task factory: a task that needs no await is done when createTask returns",
          Asyncio07EagerTasks::run);

  private Asyncio07EagerTasks() {}

  static void run(PrintStream out, List<String> args) {
    Map<String, String> cache = new ConcurrentHashMap<>(Map.of("a", "cached a"));
    AsyncIO.run(() -> {
      AsyncTask<String> plain = createTask(() -> lookup(cache, "a", null));
      out.println("default factory: lookup a done at once? " + plain.done());
      plain.await();
      getRunningLoop().setTaskFactory(TaskFactory.eager());
      AsyncTask<String> hit = createTask(() -> lookup(cache, "a", out));
      out.println("eager factory: lookup a done at once? " + hit.done());
      AsyncTask<String> miss = createTask(() -> lookup(cache, "z", out));
      out.println("eager factory: lookup z done at once? " + miss.done());
      out.println("lookup z -> " + miss.await());
    });
  }

  private static String lookup(Map<String, String> cache, String key, PrintStream out) {
    String cached = cache.get(key);
    if (cached != null) {
      if (out != null) {
        out.println("lookup " + key + ": cache hit");
      }
      return cached;
    }
    if (out != null) {
      out.println("lookup " + key + ": cache miss, fetching");
    }
    sleep(Duration.ofMillis(50)); // the network
    String fetched = "fetched " + key;
    cache.put(key, fetched);
    return fetched;
  }
}
