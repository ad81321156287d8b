/**
 * The examples launcher and catalogue; the examples themselves live in one package per group.
 *
 * <p>Entry point: {@link dev.concurrency.examples.Examples}, run by {@code ./examples.sh}.
 */
@NullMarked
package dev.concurrency.examples;

import org.jspecify.annotations.NullMarked;
