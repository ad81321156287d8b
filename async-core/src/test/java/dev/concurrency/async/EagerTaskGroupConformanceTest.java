package dev.concurrency.async;

/**
 * {@link TaskGroupConformanceTest} again with the eager task factory: CPython 3.14's {@code
 * TestEagerTaskTaskGroup}, which runs every {@code BaseTestTaskGroup} test on a loop whose task factory is {@code
 * asyncio.eager_task_factory}.
 */
final class EagerTaskGroupConformanceTest extends TaskGroupConformanceTest {

  @Override
  EventLoop newLoop() {
    EventLoop loop = super.newLoop();
    loop.setTaskFactory(TaskFactory.eager());
    return loop;
  }
}
