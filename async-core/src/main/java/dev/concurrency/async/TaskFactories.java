package dev.concurrency.async;

/** The factories behind {@link TaskFactory#plain()} and {@link TaskFactory#eager()}. Immutable. */
final class TaskFactories {

  private TaskFactories() {}

  /** {@link AsyncTask#create}, as a factory. */
  enum Plain implements TaskFactory {
    INSTANCE;

    @Override
    public <T> AsyncTask<T> createTask(EventLoop loop, Coroutine<T> coroutine, TaskOptions options) {
      return AsyncTask.create(loop, coroutine, options);
    }

    @Override
    public String toString() {
      return "TaskFactory.plain()";
    }
  }

  /** Eager start unless the options say otherwise, then the wrapped constructor. */
  record Eager(TaskFactory constructor) implements TaskFactory {
    static final Eager DEFAULT = new Eager(Plain.INSTANCE);

    @Override
    public <T> AsyncTask<T> createTask(EventLoop loop, Coroutine<T> coroutine, TaskOptions options) {
      TaskOptions eager = options.eagerStart() == null ? options.withEagerStart(true) : options;
      return constructor.createTask(loop, coroutine, eager);
    }
  }
}
