package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidClassException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The static method a lambda stands for, when it captures nothing: a reference such as {@code Worker::run} or a
 * non-capturing lambda (whose body the compiler puts in a static method), named so that a child can call it
 * without deserializing the lambda. See {@link StaticCall} and {@link StaticChunk}, the tasks that use it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param capturingClass the class whose code created the lambda, binary name
 * @param implClass the class declaring the method, binary name
 * @param implMethod the method's name
 * @param descriptor the method's descriptor, such as {@code (J)[J}
 */
record MethodName(String capturingClass, String implClass, String implMethod, String descriptor) {

  /**
   * Methods resolved so far. A pool worker given {@code map(fn, items, 1)} resolves the same method once per
   * item; the lookup (descriptor parsing, a copy of the class's methods, an access check) cost it more than the
   * call. Every name resolves against the system class loader, whose classes are never unloaded, so an entry
   * never goes stale; the map holds one entry per method a child is asked to run.
   */
  private static final ConcurrentHashMap<MethodName, Method> RESOLVED = new ConcurrentHashMap<>();

  /** Methods of one argument made into {@link #FUNCTION} handles so far, for {@link StaticChunk}. */
  private static final ConcurrentHashMap<MethodName, MethodHandle> FUNCTIONS = new ConcurrentHashMap<>();

  /**
   * What each lambda class stands for, read once per class: everything {@link #of} reads from a lambda's
   * serialized form (what it captures, its method, its kind) is the same for every instance of its class, and
   * {@code map(fn, items, 1)} encodes one chunk per item, each of which read it reflectively again. A class's
   * entry goes with the class.
   */
  private static final ClassValue<AtomicReference<Optional<MethodName>>> BY_LAMBDA_CLASS = new ClassValue<>() {
    @Override
    protected AtomicReference<Optional<MethodName>> computeValue(Class<?> type) {
      return new AtomicReference<>(); // filled by the first of() for the class; a race reads the same twice
    }
  };

  /** The type a method of one argument is adapted to: any argument in, any result out. */
  private static final MethodType FUNCTION = MethodType.methodType(Object.class, Object.class);

  MethodName {
    requireNonNull(capturingClass, "capturingClass");
    requireNonNull(implClass, "implClass");
    requireNonNull(implMethod, "implMethod");
    requireNonNull(descriptor, "descriptor");
  }

  // equals and hashCode by hand: a record's own are bootstrapped through invokedynamic on first use, which
  // costs a cold child about 6 ms, and the first use is the lookup in RESOLVED on the way to its first task.
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof MethodName that
        && capturingClass.equals(that.capturingClass)
        && implClass.equals(that.implClass)
        && implMethod.equals(that.implMethod)
        && descriptor.equals(that.descriptor);
  }

  @Override
  public int hashCode() {
    int hash = capturingClass.hashCode();
    hash = 31 * hash + implClass.hashCode();
    hash = 31 * hash + implMethod.hashCode();
    return 31 * hash + descriptor.hashCode();
  }

  /** The static method {@code lambda} calls with its {@code arity} arguments, if it captures nothing. */
  static Optional<MethodName> of(Object lambda, int arity) {
    AtomicReference<Optional<MethodName>> known = BY_LAMBDA_CLASS.get(lambda.getClass());
    Optional<MethodName> name = known.get();
    if (name == null) {
      name = read(lambda);
      known.set(name);
    }
    return name.isPresent() && parameterCount(name.get().descriptor) == arity ? name : Optional.empty();
  }

  /** The static method {@code lambda} calls, if it captures nothing: what its serialized form says. */
  private static Optional<MethodName> read(Object lambda) {
    SerializedLambda form = serializedForm(lambda);
    if (form == null
        || form.getCapturedArgCount() != 0
        || form.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic
        || varargsAdapted(form)) {
      return Optional.empty();
    }
    return Optional.of(new MethodName(
        form.getCapturingClass().replace('/', '.'),
        form.getImplClass().replace('/', '.'),
        form.getImplMethodName(),
        form.getImplMethodSignature()));
  }

  /** The lambda's serialized form, from the {@code writeReplace} method the compiler gives serializable lambdas. */
  private static @Nullable SerializedLambda serializedForm(Object lambda) {
    if (!lambda.getClass().isHidden()) {
      return null; // a class of its own, not a lambda: it is serialized as it says
    }
    try {
      Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return writeReplace.invoke(lambda) instanceof SerializedLambda form ? form : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not accessible (a lambda in a named module that is not open): serialize it instead
    }
  }

  /**
   * Whether the lambda passes its one argument to a variable-arity method, which the lambda wraps in an array and
   * a reflective call would not ({@code Foo::m} for {@code m(Long...)} as a {@code Function<Long, R>}). javac
   * compiles such a reference into a lambda body that builds the array, which is fine to call by name; this
   * guards against a compiler that does not.
   */
  static boolean varargsAdapted(SerializedLambda form) {
    String impl = form.getImplMethodSignature();
    String instantiated = form.getInstantiatedMethodType();
    return impl.startsWith("([") && !instantiated.startsWith("([");
  }

  /** How many parameters a method descriptor has: 0 for {@code ()V}, 1 for {@code (J)[J}, -1 for more. */
  private static int parameterCount(String descriptor) {
    if (descriptor.startsWith("()")) {
      return 0;
    }
    int at = 1;
    while (descriptor.charAt(at) == '[') {
      at++;
    }
    at = descriptor.charAt(at) == 'L' ? descriptor.indexOf(';', at) + 1 : at + 1;
    return descriptor.charAt(at) == ')' ? 1 : -1;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeUTF(capturingClass);
    out.writeUTF(implClass);
    out.writeUTF(implMethod);
    out.writeUTF(descriptor);
  }

  /**
   * Reads what {@link #writeTo} wrote and checks both classes against {@code allowlist}, loading (but not yet
   * initializing) them.
   *
   * @throws InvalidClassException if a class is not on the allowlist
   * @throws ClassNotFoundException if a class is not on this process's class path
   */
  static MethodName readFrom(DataInput in, ClassPatterns allowlist)
      throws IOException, ClassNotFoundException {
    MethodName name = new MethodName(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
    for (String type : new String[] {name.capturingClass, name.implClass}) {
      if (!allowlist.allows(Class.forName(type, false, ClassLoader.getSystemClassLoader()))) {
        throw Codec.notAllowed(type, allowlist.toString(), null);
      }
    }
    return name;
  }

  /** The method, made accessible; its class is initialized, as deserializing the lambda would. */
  Method resolve() throws ClassNotFoundException, NoSuchMethodException {
    Method known = RESOLVED.get(this);
    if (known != null) {
      return known;
    }
    Method method = lookUp();
    RESOLVED.putIfAbsent(this, method);
    return method;
  }

  private Method lookUp() throws ClassNotFoundException, NoSuchMethodException {
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    Class<?> type = Class.forName(implClass, true, loader);
    Method method = descriptor.startsWith("()")
        ? type.getDeclaredMethod(implMethod) // no descriptor parsing on a cold child's path
        : type.getDeclaredMethod(implMethod, MethodType.fromMethodDescriptorString(descriptor, loader).parameterArray());
    method.setAccessible(true);
    return method;
  }

  /**
   * The method, which takes one argument, as a handle of type {@code (Object)Object}: boxing, unboxing and casts
   * as a lambda would do them, a wrong argument type failing with a {@link ClassCastException}.
   *
   * <p>Why a handle and not {@link #invoke}: a {@code map} chunk calls it once per item. A reflective call goes
   * through the method's accessor, its argument checks and an array per call, which a fresh worker's JIT compiled
   * in the middle of the first {@code map}; a handle is one call.
   */
  MethodHandle resolveFunction() throws ReflectiveOperationException {
    MethodHandle known = FUNCTIONS.get(this);
    if (known != null) {
      return known;
    }
    // accessible already, so any lookup may unreflect it; fixed arity, so an array argument is passed as it is
    MethodHandle function = MethodHandles.lookup().unreflect(resolve()).asFixedArity().asType(FUNCTION);
    FUNCTIONS.putIfAbsent(this, function);
    return function;
  }

  /** Calls {@code function}, a {@link #resolveFunction} handle; an exception it throws is thrown as is. */
  static @Nullable Object apply(MethodHandle function, @Nullable Object argument) throws Exception {
    try {
      return (Object) function.invokeExact(argument);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new UndeclaredThrowableException(e); // a Throwable neither an Exception nor an Error
    }
  }

  /** Calls {@code method} (static) with {@code arguments}; an exception it throws is thrown as is. */
  static @Nullable Object invoke(Method method, @Nullable Object... arguments) throws Exception {
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      Throwable thrown = e.getCause();
      if (thrown instanceof Exception exception) {
        throw exception;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
