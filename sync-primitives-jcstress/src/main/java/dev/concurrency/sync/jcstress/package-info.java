/**
 * jcstress tests of sync-primitives' fast paths, run by jcstress's own harness: {@code java -jar
 * sync-primitives-jcstress/target/jcstress.jar} after {@code mvn -Pstress -pl sync-primitives-jcstress -am
 * package}. See the module's README.
 *
 * <p>Each {@code @State} object is used by the harness's actor threads once; jcstress provides the
 * happens-before edges between creating the state, running the actors, and reading the results.
 */
@NullMarked
package dev.concurrency.sync.jcstress;

import org.jspecify.annotations.NullMarked;
