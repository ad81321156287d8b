/**
 * The JUnit 5 side of the simulation: {@link dev.concurrency.async.simulation.junit.SimulationTest} runs a test
 * method under many seeds, in a simulated loop, and prints the seed to replay when one fails.
 *
 * <p>JUnit Jupiter's API is an optional dependency of async-core: add JUnit 5 to your tests (you have it if you use
 * this package) and nothing more. Nothing else in async-core loads these classes, so applications never need
 * JUnit.
 *
 * <h2>Memory consistency</h2>
 *
 * <p>A test invocation runs on its simulated loop with the loop's guarantees; see {@link
 * dev.concurrency.async.simulation}.
 */
@NullMarked
package dev.concurrency.async.simulation.junit;

import org.jspecify.annotations.NullMarked;
