package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A variable whose value belongs to the current {@link Context}: each task sees the value its creator had when
 * it created it, and its own changes stay its own.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=contextVar}
 *
 * <p>Create variables once (as constants) and use them everywhere: the variable is the key, compared by
 * identity. {@link #set} returns a {@link Token} with which {@link #reset} restores the previous value, as a
 * {@code try/finally} would.
 *
 * <p>Thread-safety: the variable itself is immutable and may be shared by all threads; {@link #get}, {@link
 * #set} and {@link #reset} act on the calling code's current context (see {@link Context}).
 *
 * <p><b>Python:</b> {@code contextvars.ContextVar}. Differences: a missing value without a default is {@link
 * NoSuchElementException} (Python: {@code LookupError}).
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {

  private static final Object NO_DEFAULT = new Object();

  private final String name;
  private final @Nullable Object defaultValue;

  /**
   * A variable without a default value.
   *
   * @param name the name
   */
  public ContextVar(String name) {
    this.name = requireNonNull(name, "name");
    this.defaultValue = NO_DEFAULT;
  }

  /**
   * A variable with a default value, returned by {@link #get()} where it has none.
   *
   * @param name the name
   * @param defaultValue the value where none is set
   */
  public ContextVar(String name, @Nullable T defaultValue) {
    this.name = requireNonNull(name, "name");
    this.defaultValue = defaultValue;
  }

  /**
   * The variable's name (for debugging only: two variables with one name are distinct).
   *
   * @return the variable's name (for debugging only: two variables with one name are distinct)
   */
  public String getName() {
    return name;
  }

  /**
   * The value in the current context, else the variable's default.
   *
   * @return the value in the current context, else the variable's default
   * @throws NoSuchElementException if there is neither
   */
  @SuppressWarnings("unchecked")
  public @Nullable T get() {
    Object v = Context.current().lookup(this);
    if (v != null) {
      return v == Context.NULL ? null : (T) v;
    }
    if (defaultValue == NO_DEFAULT) {
      throw new NoSuchElementException(
          "context variable '" + name + "' has no value in the current context and no default;"
              + " set() it first or give the ContextVar a default");
    }
    return (T) defaultValue;
  }

  /**
   * The value in the current context, else {@code fallback} (the variable's own default is not used).
   *
   * @param fallback what to return when the variable has no value here
   * @return the value in the current context, else {@code fallback} (the variable's own default is not used)
   */
  @SuppressWarnings("unchecked")
  public @Nullable T get(@Nullable T fallback) {
    Object v = Context.current().lookup(this);
    if (v != null) {
      return v == Context.NULL ? null : (T) v;
    }
    return fallback;
  }

  /**
   * Sets the value in the current context.
   *
   * @param value the result
   * @return a token that {@link #reset} uses to restore the value this replaced
   */
  public Token<T> set(@Nullable T value) {
    Context context = Context.current();
    Object previous = context.lookup(this);
    context.put(this, value);
    return new Token<>(this, context, previous);
  }

  /**
   * Restores the value the variable had before the {@link #set} that returned {@code token}.
   *
   * @param token what {@link #set} returned
   * @throws IllegalStateException if the token was used already
   * @throws IllegalArgumentException if the token belongs to another variable, or was made in another context
   */
  public void reset(Token<T> token) {
    requireNonNull(token, "token");
    if (token.used) {
      throw new IllegalStateException("this token has already been used once: " + token);
    }
    if (token.variable != this) {
      throw new IllegalArgumentException(token + " was created by a different ContextVar than '" + name + "'");
    }
    Context context = Context.current();
    if (token.context != context) {
      throw new IllegalArgumentException(token + " was created in a different Context");
    }
    token.used = true;
    if (token.previous == null) {
      context.remove(this);
    } else {
      context.put(this, token.previous == Context.NULL ? null : token.previous);
    }
  }

  @Override
  public String toString() {
    return "ContextVar[" + name + (defaultValue == NO_DEFAULT ? "" : " default=" + defaultValue) + "]";
  }

  /**
   * What {@link ContextVar#set} returns: enough to undo that one change with {@link ContextVar#reset}, once.
   *
   * <p>Confined to the code that made it. <b>Python:</b> {@code contextvars.Token}.
   *
   * @param <T> the variable's type
   */
  public static final class Token<T> {
    private final ContextVar<T> variable;
    private final Context context;
    private final @Nullable Object previous;
    private boolean used;

    Token(ContextVar<T> variable, Context context, @Nullable Object previous) {
      this.variable = variable;
      this.context = context;
      this.previous = previous;
    }

    /**
     * The variable this token belongs to.
     *
     * @return the variable this token belongs to
     */
    public ContextVar<T> getVar() {
      return variable;
    }

    /**
     * Whether the variable had a value before the {@code set}; {@link #getOldValue()} is that value.
     *
     * @return whether the variable had a value before the {@code set}; {@link #getOldValue()} is that value
     */
    public boolean hadOldValue() {
      return previous != null;
    }

    /**
     * The value before the {@code set}, or {@code null} if there was none (see {@link #hadOldValue()}).
     *
     * @return the value before the {@code set}, or {@code null} if there was none (see {@link #hadOldValue()})
     */
    @SuppressWarnings("unchecked")
    public @Nullable T getOldValue() {
      return previous == null || previous == Context.NULL ? null : (T) previous;
    }

    @Override
    public String toString() {
      return "Token[" + variable.getName() + (used ? " used" : "") + "]";
    }
  }
}
