/**
 * The examples: every code sample of the seed and every module's examples, runnable by name through {@link
 * dev.concurrency.examples.Examples}.
 *
 * <p>A module of its own, so that the compiler holds the examples to what a user of the library modules gets:
 * their exported API packages, and the modules they name. {@code ./examples.sh} runs them on the class path,
 * where this descriptor is ignored. On the module path ({@code java --module-path ... -m
 * dev.concurrency.examples/dev.concurrency.examples.Examples NAME}) every example runs too: process-concurrency
 * gives a child JVM its parent's module path as class-path entries.
 */
module dev.concurrency.examples {
  requires dev.concurrency.async;
  requires dev.concurrency.cluster;
  requires dev.concurrency.model;
  requires dev.concurrency.processes;
  requires dev.concurrency.sync;
  requires dev.concurrency.threads;
  requires com.google.common;
  // Interference: the machine's load and this process's CPU time, to tell a measurement from a busy machine
  requires java.management;
  requires jdk.management;
  requires static org.jspecify;

  // A task sent to a child process by name is looked up there by reflection, from process-concurrency's code.
  opens dev.concurrency.examples.faq to
      dev.concurrency.processes;
  opens dev.concurrency.examples.multiprocessing to
      dev.concurrency.processes;
}
