/** A user's module: it reads async-core's API packages, and nothing of its internal one. */
module com.example.seed {
  requires dev.concurrency.async;
}
