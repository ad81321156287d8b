/** Examples of the {@code cluster} group; {@link dev.concurrency.examples.cluster.ClusterExamples} lists them. */
@NullMarked
package dev.concurrency.examples.cluster;

import org.jspecify.annotations.NullMarked;
