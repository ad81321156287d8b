package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidClassException;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
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

  MethodName {
    requireNonNull(capturingClass, "capturingClass");
    requireNonNull(implClass, "implClass");
    requireNonNull(implMethod, "implMethod");
    requireNonNull(descriptor, "descriptor");
  }

  /** The static method {@code lambda} calls with its {@code arity} arguments, if it captures nothing. */
  static Optional<MethodName> of(Object lambda, int arity) {
    SerializedLambda form = serializedForm(lambda);
    if (form == null
        || form.getCapturedArgCount() != 0
        || form.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic
        || parameterCount(form.getImplMethodSignature()) != arity
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
  static MethodName readFrom(DataInput in, ClassPatterns allowlist, String allowlistText)
      throws IOException, ClassNotFoundException {
    MethodName name = new MethodName(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
    for (String type : new String[] {name.capturingClass, name.implClass}) {
      if (!allowlist.allows(Class.forName(type, false, ClassLoader.getSystemClassLoader()))) {
        throw Codec.notAllowed(type, allowlistText, null);
      }
    }
    return name;
  }

  /** The method, made accessible; its class is initialized, as deserializing the lambda would. */
  Method resolve() throws ClassNotFoundException, NoSuchMethodException {
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    Class<?> type = Class.forName(implClass, true, loader);
    Method method = descriptor.startsWith("()")
        ? type.getDeclaredMethod(implMethod) // no descriptor parsing on a cold child's path
        : type.getDeclaredMethod(implMethod, MethodType.fromMethodDescriptorString(descriptor, loader).parameterArray());
    method.setAccessible(true);
    return method;
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
