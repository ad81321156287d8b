package dev.concurrency.async;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Several exceptions raised together, as a {@link TaskGroup} raises the failures of its tasks; groups nest.
 *
 * {@snippet class=dev.concurrency.async.AsyncSnippetsTest region=exceptionGroup}
 *
 * <p><b>Semantics.</b> A group holds at least one exception, in order; members may be groups themselves, so a
 * group is a tree whose leaves are the plain exceptions. {@link #split} and {@link #subgroup} select leaves by
 * type or by a predicate and keep the tree's shape: each nested group that keeps some leaves is rebuilt with
 * {@link #derive}, and one that keeps none disappears. A condition that matches a group as a whole takes the
 * group whole, without looking inside. This is what Python's {@code except*} does with a group: {@code except*
 * T as g} handles {@code split(T).match()} and raises {@code split(T).rest()} onwards.
 *
 * <p>Every member is also {@linkplain #getSuppressed() suppressed} by the group, so a stack trace printed by
 * tools that know nothing of groups still shows all of them. The group has no {@linkplain #getCause() cause}
 * unless one is given with {@link #initCause} (Python's {@code raise group from cause}); {@code split}, {@code
 * subgroup} and {@code derive} copy the cause and the stack trace to the groups they build, as Python copies
 * {@code __cause__} and {@code __traceback__}.
 *
 * <p><b>Thread-safety.</b> Immutable once constructed, apart from what {@link Throwable} itself lets callers
 * change (its cause, once; its stack trace; further suppressed exceptions); safe to share once published.
 *
 * <p><b>Python:</b> {@code ExceptionGroup} / {@code BaseExceptionGroup} (PEP 654), one class here. Differences:
 * Java has no {@code except*}, so it is written with {@link #split} as above; Python's {@code
 * message} is {@link #message()} and {@link #getMessage()} is its {@code str()}, {@code "message (2
 * sub-exceptions)"}; any {@link Throwable} may be a member (Python keeps {@code BaseException}s to {@code
 * BaseExceptionGroup}); Python's {@code __context__} and {@code __notes__} have no counterpart.
 */
public class ExceptionGroup extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The message given at construction, without the count. */
  private final String message;

  /** The members, in order. */
  @SuppressWarnings("serial") // an immutable list of throwables: serializable when its elements are
  private final ImmutableList<Throwable> exceptions;

  /**
   * A group of at least one exception.
   *
   * @param message what the exceptions have in common, for example {@code "unhandled errors in a TaskGroup"}
   * @param exceptions the members, in order; groups may be members
   * @throws IllegalArgumentException if {@code exceptions} is empty
   * @throws NullPointerException if {@code message}, {@code exceptions} or one of the exceptions is null
   */
  @SuppressWarnings("this-escape") // addSuppressed is final in Throwable and reads no state of a subclass
  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(describe(message, exceptions)); // no cause: initCause stays available, as "raise ... from"
    this.message = message;
    this.exceptions = copyMembers(exceptions);
    for (Throwable e : this.exceptions) {
      addSuppressed(e);
    }
  }

  private static String describe(String message, List<? extends Throwable> exceptions) {
    requireNonNull(message, "message");
    int n = requireNonNull(exceptions, "exceptions").size();
    return message + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
  }

  private static ImmutableList<Throwable> copyMembers(List<? extends Throwable> exceptions) {
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException(
          "an exception group needs at least one exception; the list is empty (no failure, no group)");
    }
    ImmutableList.Builder<Throwable> copy = ImmutableList.builderWithExpectedSize(exceptions.size());
    for (int i = 0; i < exceptions.size(); i++) {
      Throwable e = exceptions.get(i);
      if (e == null) {
        throw new NullPointerException("exception " + i + " of the group is null; a group holds exceptions only");
      }
      copy.add(e);
    }
    return copy.build();
  }

  /**
   * The message given at construction, without the count {@link #getMessage()} adds.
   *
   * @return the message
   */
  public final String message() {
    return message;
  }

  /**
   * The members, in the order they were given; some may be groups.
   *
   * @return the members, an immutable list
   */
  public final List<Throwable> exceptions() {
    return exceptions;
  }

  /**
   * The part of this group whose leaves are instances of one of {@code types}, keeping the nesting; {@code
   * null} if there is none.
   *
   * <p><b>Python:</b> {@code eg.subgroup(T)} / {@code eg.subgroup((T1, T2))}.
   *
   * @param types the exception types to keep (a leaf is kept if it is an instance of one of them)
   * @return the matching part, or {@code null}
   * @throws IllegalArgumentException if no type is given
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // byType only reads the array, and copies it
  public final @Nullable ExceptionGroup subgroup(Class<? extends Throwable>... types) {
    return subgroup(byType(types));
  }

  /**
   * The part of this group whose members satisfy {@code condition}, keeping the nesting; {@code null} if there is
   * none. The condition is asked about nested groups as well as leaves: a group it accepts is kept whole. The
   * result is this group itself only when the condition accepts this group.
   *
   * <p><b>Python:</b> {@code eg.subgroup(lambda e: ...)}.
   *
   * @param condition which members to keep; it is asked about nested groups too
   * @return the matching part, or {@code null}
   */
  public final @Nullable ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
    return split(condition).match();
  }

  /**
   * Splits this group into the leaves that are instances of one of {@code types} and the others, each part
   * keeping the nesting; see {@link #split(Predicate)}.
   *
   * <p><b>Python:</b> {@code match, rest = eg.split(T)}; what {@code except* T} does.
   *
   * @param types the exception types that match (a leaf matches if it is an instance of one of them)
   * @return the matching part and the rest
   * @throws IllegalArgumentException if no type is given
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // byType only reads the array, and copies it
  public final Split split(Class<? extends Throwable>... types) {
    return split(byType(types));
  }

  /**
   * Splits this group into the members that satisfy {@code condition} and the others, each part a group built
   * with {@link #derive} that keeps the nesting, or {@code null} when empty. The condition is asked about nested
   * groups as well as leaves: a group it accepts goes whole to the match. If it accepts this group, the result
   * is {@code (this, null)}.
   *
   * <p><b>Python:</b> {@code match, rest = eg.split(lambda e: ...)}.
   *
   * @param condition which members match; it is asked about nested groups too
   * @return the matching part and the rest
   */
  public final Split split(Predicate<? super Throwable> condition) {
    requireNonNull(condition, "condition");
    if (condition.test(this)) {
      return new Split(this, null);
    }
    List<Throwable> matched = new ArrayList<>();
    List<Throwable> rest = new ArrayList<>();
    for (Throwable e : exceptions) {
      if (e instanceof ExceptionGroup nested) {
        Split part = nested.split(condition);
        if (part.match() != null) {
          matched.add(part.match());
        }
        if (part.rest() != null) {
          rest.add(part.rest());
        }
      } else if (condition.test(e)) {
        matched.add(e);
      } else {
        rest.add(e);
      }
    }
    return new Split(rebuild(matched), rebuild(rest));
  }

  /**
   * A new group with this group's message and the given members; {@link #split} and {@link #subgroup} build
   * their parts with it. A subclass overrides it to keep its own type and fields in those parts.
   *
   * <p><b>Python:</b> {@code BaseExceptionGroup.derive(excs)}.
   *
   * @param exceptions the members of the new group
   * @return a new group of the same kind
   * @throws IllegalArgumentException if {@code exceptions} is empty
   */
  public ExceptionGroup derive(List<? extends Throwable> exceptions) {
    return new ExceptionGroup(message, exceptions);
  }

  private @Nullable ExceptionGroup rebuild(List<Throwable> members) {
    if (members.isEmpty()) {
      return null;
    }
    ExceptionGroup part = requireNonNull(derive(members), "derive() returned null");
    Throwable cause = getCause();
    if (cause != null && part.getCause() == null) {
      part.initCause(cause);
    }
    part.setStackTrace(getStackTrace());
    return part;
  }

  private static Predicate<Throwable> byType(Class<?>[] types) {
    requireNonNull(types, "types");
    if (types.length == 0) {
      throw new IllegalArgumentException("name at least one exception type to match");
    }
    Class<?>[] copy = types.clone();
    for (Class<?> type : copy) {
      requireNonNull(type, "a type to match is null");
    }
    return e -> {
      for (Class<?> type : copy) {
        if (type.isInstance(e)) {
          return true;
        }
      }
      return false;
    };
  }

  /**
   * The two parts of a {@link #split}: the members that matched and the others, each {@code null} when empty.
   *
   * @param match the group of the matching members, or {@code null}
   * @param rest the group of the other members, or {@code null}
   */
  public record Split(@Nullable ExceptionGroup match, @Nullable ExceptionGroup rest) {}
}
