package dev.concurrency.async.simulation.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test method under many seeds, each time as the main task of a simulated event loop, so the method
 * can await ({@code sleep}, {@code gather}, locks, queues) and every seed schedules it another way; on the first
 * failing seed it fails with the seed to replay and the tasks' interleaving, and skips the seeds after it.
 *
 * {@snippet class=dev.concurrency.async.simulation.junit.SimulationTestSnippetsTest region=simulationTest}
 *
 * <p>A test method may declare one {@code long} parameter to receive its seed. {@code @BeforeEach} and {@code
 * @AfterEach} methods run outside the loop, on JUnit's thread. The system property {@value
 * SimulationExtension#SEED_PROPERTY} runs one seed instead of the annotation's ({@code mvn test
 * -Dtest=BankTest -Ddev.concurrency.async.simulation.seed=17}). Each run uses {@link
 * dev.concurrency.async.simulation.SimulationConfig#defaults()}; for other bounds, call {@link
 * dev.concurrency.async.simulation.Simulation#explore} from a plain {@code @Test}.
 *
 * <p><b>Python:</b> no counterpart; the nearest are Hypothesis's {@code @given} with a seed printed on failure, and
 * Trio's seeded scheduling in tests.
 */
@SuppressWarnings("exports") // JUnit types in this API: its users have JUnit; module-info says why not transitive
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(SimulationExtension.class)
public @interface SimulationTest {

  /**
   * How many seeds to run.
   *
   * @return the number of seeds, at least 1
   */
  int seeds() default 100;

  /**
   * The first seed; the others follow it ({@code firstSeed, firstSeed + 1, ...}).
   *
   * @return the first seed
   */
  long firstSeed() default 0;

  /**
   * Seeds to run instead of {@link #seeds()} and {@link #firstSeed()}: the ones a failure printed.
   *
   * @return the seeds to replay, or none
   */
  long[] replay() default {};
}
