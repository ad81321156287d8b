/**
 * Deterministic simulation: run asyncio-style code under many seeds, each seed one way the loop could have
 * scheduled it, find the seed that breaks it, replay that seed exactly, and read the interleaving that broke it.
 *
 * <p>Entry point: {@link dev.concurrency.async.simulation.Simulation} ({@code explore}, {@code replay}, {@code
 * note}). A {@link dev.concurrency.async.simulation.Scenario} is the code and its invariant; {@link
 * dev.concurrency.async.simulation.SimulationConfig} bounds what a seed varies; {@link
 * dev.concurrency.async.simulation.Exploration} and {@link dev.concurrency.async.simulation.SimulatedRun} are the
 * outcomes, {@link dev.concurrency.async.simulation.RunTrace} the events of a run. {@link
 * dev.concurrency.async.simulation.SimulatedNetwork} gives streams over simulated connections. For JUnit 5,
 * {@code dev.concurrency.async.simulation.junit.SimulationTest} runs a test method under many seeds.
 *
 * <h2>Memory consistency</h2>
 *
 * <p>A simulated run is an ordinary event loop (see {@link dev.concurrency.async the loop's package}), with the
 * same guarantees. The results an exploration returns are immutable and safely published to the thread that
 * called it.
 */
@NullMarked
package dev.concurrency.async.simulation;

import org.jspecify.annotations.NullMarked;
