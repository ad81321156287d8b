/**
 * The machinery behind {@link dev.concurrency.cluster}: the wrapper a task travels in, what comes back, how a
 * task finds its member, how Hazelcast's failures are told apart, the members' and clients' configuration. Not
 * API: these classes may change without notice.
 */
@NullMarked
package dev.concurrency.cluster.internal;

import org.jspecify.annotations.NullMarked;
