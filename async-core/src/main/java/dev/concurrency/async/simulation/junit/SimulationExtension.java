package dev.concurrency.async.simulation.junit;

import static java.util.Objects.requireNonNull;

import dev.concurrency.async.simulation.RunFailure;
import dev.concurrency.async.simulation.Scenario;
import dev.concurrency.async.simulation.SimulatedRun;
import dev.concurrency.async.simulation.Simulation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The extension behind {@link SimulationTest}: one test invocation per seed, each run as the main task of a
 * simulated loop and recorded, a failure reported with its seed and interleaving, and the seeds after a failure
 * skipped.
 *
 * <p>Stateless: what one method's invocations share (the seed that failed) lives in JUnit's extension store, so
 * methods may run in parallel.
 */
@SuppressWarnings("exports") // JUnit types in this API: its users have JUnit; module-info says why not transitive
public final class SimulationExtension implements TestTemplateInvocationContextProvider {

  /** The system property that runs one seed instead of the annotation's: {@code -D...seed=17}. */
  public static final String SEED_PROPERTY = "dev.concurrency.async.simulation.seed";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
      SimulationExtension.class);
  private static final String FAILED_SEED = "failed seed";

  /** Creates the extension; JUnit does, through {@link SimulationTest}. */
  public SimulationExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod().map(m -> m.isAnnotationPresent(SimulationTest.class)).orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    SimulationTest settings = requireNonNull(method.getAnnotation(SimulationTest.class), "@SimulationTest");
    return seeds(settings, System.getProperty(SEED_PROPERTY)).mapToObj(SeedInvocation::new);
  }

  /** The seeds to run: the system property's, else the annotation's replay list, else its range. */
  static LongStream seeds(SimulationTest settings, @Nullable String property) {
    if (property != null && !property.isBlank()) {
      try {
        return LongStream.of(Long.parseLong(property.strip()));
      } catch (NumberFormatException e) {
        throw new ExtensionConfigurationException(
            "the system property " + SEED_PROPERTY + " must be one seed (a long), got '" + property + "'", e);
      }
    }
    if (settings.replay().length > 0) {
      return LongStream.of(settings.replay());
    }
    if (settings.seeds() < 1) {
      throw new ExtensionConfigurationException(
          "@SimulationTest(seeds = " + settings.seeds() + ") must run at least one seed");
    }
    return LongStream.range(0, settings.seeds()).map(i -> settings.firstSeed() + i);
  }

  /** The message of a failing seed: what failed, how to replay it, and the interleaving. */
  static String failureMessage(SimulatedRun<?> run) {
    RunFailure failure = run.failure().orElseThrow();
    return "seed " + run.seed() + " failed: " + failure + "\n"
        + "replay this seed alone with @SimulationTest(replay = " + run.seed() + "), or with -D" + SEED_PROPERTY
        + "=" + run.seed() + "\n" + run.trace().interleaving();
  }

  /** One seed of a method: its display name and the extensions that run it in the simulation. */
  private record SeedInvocation(long seed) implements TestTemplateInvocationContext {

    @Override
    public String getDisplayName(int invocationIndex) {
      return "seed " + seed;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new RunInSimulation(seed));
    }
  }

  /** Runs the invocation in a simulated loop; resolves a {@code long} parameter to the seed; skips after a failure. */
  private record RunInSimulation(long seed) implements InvocationInterceptor, ParameterResolver, ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<ExtensionContext> method = context.getParent();
      Object failed = method.map(m -> m.getStore(NAMESPACE).get(FAILED_SEED)).orElse(null);
      return failed == null ? ConditionEvaluationResult.enabled("no earlier seed failed")
          : ConditionEvaluationResult.disabled("seed " + failed + " already failed; replay it alone");
    }

    @Override
    public void interceptTestTemplateMethod(
        Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext context) throws Throwable {
      Scenario<Void> scenario = Scenario.of(context.getDisplayName(), () -> {
        try {
          invocation.proceed();
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable other) {
          throw new IllegalStateException(other);
        }
      });
      SimulatedRun<Void> run = Simulation.replay(scenario, seed);
      if (run.failed()) {
        context.getParent().ifPresent(m -> m.getStore(NAMESPACE).put(FAILED_SEED, seed));
        throw new AssertionError(failureMessage(run), run.failure().orElseThrow().cause());
      }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      Class<?> type = parameter.getParameter().getType();
      return type == long.class || type == Long.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return seed;
    }
  }
}
