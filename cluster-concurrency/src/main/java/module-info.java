/**
 * The process pool's contract on a cluster: an {@link java.util.concurrent.ExecutorService} with {@code map},
 * {@code imap} and {@code starmap}, whose tasks run on the members of a Hazelcast cluster.
 *
 * <p>API package: {@link dev.concurrency.cluster}; {@code dev.concurrency.cluster.internal} (the task wrapper,
 * the dispatch, the Hazelcast configuration) is not exported. Hazelcast's types appear in the API
 * ({@link dev.concurrency.cluster.ClusterConnection#hazelcast()}, the configuration hooks), so Hazelcast is
 * required {@code transitive}. Its jar is an automatic module, {@code com.hazelcast.core}.
 *
 * <p>Tasks travel by Java serialization and are looked up on the members by class name: the classes of the tasks
 * must be on every member's class path and allowed by the members' deserialization allowlist (see
 * {@link dev.concurrency.cluster.ClusterMember.Builder#allow}); no code is loaded from the network.
 */
// Hazelcast's jar is an automatic module (its manifest names it com.hazelcast.core); its types are part of this API
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.concurrency.cluster {
  requires transitive com.hazelcast.core;
  // @Nullable appears in API signatures: readers of this module read JSpecify too, when it is present
  requires static transitive org.jspecify;

  exports dev.concurrency.cluster;
}
