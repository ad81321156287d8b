package dev.concurrency.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link ExceptionGroup}: construction, {@code split}, {@code subgroup} and {@code derive} as PEP 654 has them. */
final class ExceptionGroupTest {

  private static final IllegalStateException STATE = new IllegalStateException("state");
  private static final IOException IO = new IOException("io");
  private static final IllegalArgumentException ARG = new IllegalArgumentException("arg");

  /** ExceptionGroup("outer", [STATE, ExceptionGroup("inner", [IO, ARG])]). */
  private static ExceptionGroup nested() {
    return new ExceptionGroup("outer", List.of(STATE, new ExceptionGroup("inner", List.of(IO, ARG))));
  }

  @Test
  void constructor_keepsMembersInOrder_messageWithCount_noCause() {
    ExceptionGroup g = new ExceptionGroup("two", List.of(STATE, IO));
    assertThat(g.exceptions()).containsExactly(STATE, IO);
    assertThat(g.message()).isEqualTo("two");
    assertThat(g.getMessage()).isEqualTo("two (2 sub-exceptions)");
    assertThat(new ExceptionGroup("one", List.of(IO)).getMessage()).isEqualTo("one (1 sub-exception)");
    assertThat(g.getSuppressed()).containsExactly(STATE, IO);
    assertThat(g.getCause()).isNull();
    g.initCause(ARG); // "raise group from cause" stays possible
    assertThat(g.getCause()).isSameAs(ARG);
  }

  @Test
  void constructor_badInput_failsWithClearErrors() {
    assertThatThrownBy(() -> new ExceptionGroup("x", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one exception");
    assertThatThrownBy(() -> new ExceptionGroup("x", Arrays.asList(STATE, null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("exception 1");
    assertThatThrownBy(() -> new ExceptionGroup(null, List.of(STATE))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> nested().split(noTypes()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one exception type");
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // an empty array of a generic type can only be made raw
  private static Class<? extends Throwable>[] noTypes() {
    return new Class[0];
  }

  @Test
  void exceptions_isImmutable() {
    assertThatThrownBy(() -> nested().exceptions().add(IO)).isInstanceOf(UnsupportedOperationException.class);
  }

  // CPython: the except* example of PEP 654 — split(T) keeps the nesting of the matched and the other leaves
  @Test
  void split_byType_keepsShapeOnBothSides() {
    ExceptionGroup.Split split = nested().split(IllegalArgumentException.class, IllegalStateException.class);
    ExceptionGroup match = split.match();
    ExceptionGroup rest = split.rest();
    assertThat(match).isNotNull();
    assertThat(rest).isNotNull();
    assertThat(describe(match)).isEqualTo("outer[state, inner[arg]]");
    assertThat(describe(rest)).isEqualTo("outer[inner[io]]");
    assertThat(match.exceptions().get(0)).isSameAs(STATE); // leaves are the original instances
  }

  @Test
  void split_nothingOrEverythingMatches_oneSideIsNull_groupsAreRebuilt() {
    ExceptionGroup g = nested();
    ExceptionGroup.Split none = g.split(TimeoutException.class);
    assertThat(none.match()).isNull();
    assertThat(describe(none.rest())).isEqualTo("outer[state, inner[io, arg]]");
    assertThat(g.split(Exception.class).match()).isSameAs(g); // a group is an Exception: matched as a whole
    ExceptionGroup.Split all = g.split(IllegalStateException.class, IOException.class, IllegalArgumentException.class);
    assertThat(all.rest()).isNull();
    // CPython 3.13 rebuilds the group unless the condition matches the group itself
    assertThat(all.match()).isNotSameAs(g);
    assertThat(describe(all.match())).isEqualTo("outer[state, inner[io, arg]]");
  }

  @Test
  void split_conditionMatchingAGroup_takesItWhole() {
    ExceptionGroup g = nested();
    assertThat(g.split(ExceptionGroup.class).match()).isSameAs(g);
    assertThat(g.split(ExceptionGroup.class).rest()).isNull();
    Throwable inner = g.exceptions().get(1);
    ExceptionGroup.Split byIdentity = g.split(e -> e == inner);
    assertThat(byIdentity.match()).isNotNull();
    assertThat(byIdentity.match().exceptions()).containsExactly(inner); // the nested group itself, not rebuilt
    assertThat(describe(byIdentity.rest())).isEqualTo("outer[state]");
  }

  @Test
  void subgroup_isTheMatchOfSplit_nullWhenEmpty() {
    ExceptionGroup g = nested();
    assertThat(describe(g.subgroup(IOException.class))).isEqualTo("outer[inner[io]]");
    assertThat(describe(g.subgroup(e -> e.getMessage().startsWith("a")))).isEqualTo("outer[inner[arg]]");
    assertThat(g.subgroup(TimeoutException.class)).isNull();
    assertThat(g.subgroup(e -> e == g)).isSameAs(g);
  }

  @Test
  void split_copiesCauseAndStackTraceToTheParts() {
    ExceptionGroup g = nested();
    g.initCause(new TimeoutException("why"));
    ExceptionGroup.Split split = g.split(IOException.class);
    for (ExceptionGroup part : new ExceptionGroup[] {split.match(), split.rest()}) {
      assertThat(part).isNotNull();
      assertThat(part.getCause()).isSameAs(g.getCause());
      assertThat(part.getStackTrace()).isEqualTo(g.getStackTrace());
    }
  }

  /** A group that carries a field of its own, the way PEP 654 says to subclass: override derive. */
  static final class TaggedGroup extends ExceptionGroup {
    private static final long serialVersionUID = 1L;
    final String tag;

    TaggedGroup(String message, List<? extends Throwable> exceptions, String tag) {
      super(message, exceptions);
      this.tag = tag;
    }

    @Override
    public ExceptionGroup derive(List<? extends Throwable> exceptions) {
      return new TaggedGroup(message(), exceptions, tag);
    }
  }

  @Test
  void derive_overridden_partsKeepTheSubclassAndItsFields() {
    TaggedGroup g = new TaggedGroup("tagged", List.of(IO, ARG), "t1");
    ExceptionGroup.Split split = g.split(IOException.class);
    assertThat(split.match()).isInstanceOfSatisfying(TaggedGroup.class, t -> assertThat(t.tag).isEqualTo("t1"));
    assertThat(split.rest()).isInstanceOfSatisfying(TaggedGroup.class, t -> assertThat(t.tag).isEqualTo("t1"));
    ExceptionGroup plain = new ExceptionGroup("plain", List.of(IO)).derive(List.of(ARG));
    assertThat(plain.getClass()).isEqualTo(ExceptionGroup.class);
    assertThat(plain.message()).isEqualTo("plain");
    assertThat(plain.exceptions()).containsExactly(ARG);
  }

  // What "except* IOException: ...; except* IllegalArgumentException: ..." does, clause by clause.
  @Test
  void exceptStarStyle_clausesTakeTheirPart_restIsRaisedOn() {
    List<String> handled = new ArrayList<>();
    assertThatThrownBy(() -> {
      try {
        throw nested();
      } catch (ExceptionGroup group) {
        ExceptionGroup.Split io = group.split(IOException.class);
        if (io.match() != null) {
          handled.add("io: " + describe(io.match()));
        }
        ExceptionGroup left = io.rest();
        if (left != null) {
          ExceptionGroup.Split arg = left.split(IllegalArgumentException.class);
          if (arg.match() != null) {
            handled.add("arg: " + describe(arg.match()));
          }
          if (arg.rest() != null) {
            throw arg.rest();
          }
        }
      }
    }).isInstanceOfSatisfying(ExceptionGroup.class, rest -> assertThat(describe(rest)).isEqualTo("outer[state]"));
    assertThat(handled).containsExactly("io: outer[inner[io]]", "arg: outer[inner[arg]]");
  }

  // Nothing is lost or altered: the leaves of the two parts are the group's leaves, each side in the original order.
  @Property(tries = 300)
  void split_partsHoldExactlyTheLeaves_inOrder(
      @ForAll("groups") ExceptionGroup group, @ForAll("leafSelections") int selector) {
    List<Throwable> leaves = leaves(group);
    ExceptionGroup.Split split = group.split(e -> !(e instanceof ExceptionGroup) && selected(e, selector));
    List<Throwable> expectedMatch = leaves.stream().filter(e -> selected(e, selector)).toList();
    List<Throwable> expectedRest = leaves.stream().filter(e -> !selected(e, selector)).toList();
    assertThat(leaves(split.match())).containsExactlyElementsOf(expectedMatch);
    assertThat(leaves(split.rest())).containsExactlyElementsOf(expectedRest);
    assertThat(split.match() == null).isEqualTo(expectedMatch.isEmpty());
    assertThat(split.rest() == null).isEqualTo(expectedRest.isEmpty());
    assertNoEmptyGroup(split.match());
    assertNoEmptyGroup(split.rest());
  }

  private static boolean selected(Throwable leaf, int selector) {
    return (selector >> (Integer.parseInt(leaf.getMessage()) % 31) & 1) == 1;
  }

  @Provide
  Arbitrary<Integer> leafSelections() {
    return Arbitraries.integers();
  }

  @Provide
  Arbitrary<ExceptionGroup> groups() {
    return Arbitraries.integers().between(1, 40).flatMap(size -> Arbitraries.longs().map(seed -> tree(seed, size)));
  }

  /** A random tree of groups over leaves numbered 0..size-1 in order. */
  private static ExceptionGroup tree(long seed, int size) {
    java.util.Random random = new java.util.Random(seed);
    int[] next = {0};
    return subtree(random, next, size, 0);
  }

  private static ExceptionGroup subtree(java.util.Random random, int[] next, int size, int depth) {
    List<Throwable> members = new ArrayList<>();
    do {
      if (depth < 4 && random.nextInt(4) == 0 && next[0] < size) {
        members.add(subtree(random, next, size, depth + 1));
      } else if (next[0] < size) {
        members.add(new RuntimeException(Integer.toString(next[0]++)));
      } else {
        break;
      }
    } while (random.nextInt(3) != 0 || members.isEmpty());
    if (members.isEmpty()) {
      members.add(new RuntimeException(Integer.toString(next[0]++)));
    }
    return new ExceptionGroup("g" + depth, members);
  }

  private static void assertNoEmptyGroup(@Nullable ExceptionGroup g) {
    if (g == null) {
      return;
    }
    assertThat(g.exceptions()).isNotEmpty();
    for (Throwable e : g.exceptions()) {
      if (e instanceof ExceptionGroup nestedGroup) {
        assertNoEmptyGroup(nestedGroup);
      }
    }
  }

  private static List<Throwable> leaves(@Nullable ExceptionGroup g) {
    List<Throwable> out = new ArrayList<>();
    if (g != null) {
      for (Throwable e : g.exceptions()) {
        if (e instanceof ExceptionGroup nestedGroup) {
          out.addAll(leaves(nestedGroup));
        } else {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** "message[leaf, nested[...]]", leaves by their message. */
  static String describe(@Nullable ExceptionGroup g) {
    if (g == null) {
      return "null";
    }
    List<String> parts = new ArrayList<>();
    for (Throwable e : g.exceptions()) {
      parts.add(e instanceof ExceptionGroup nestedGroup ? describe(nestedGroup) : e.getMessage());
    }
    return g.message() + "[" + String.join(", ", parts) + "]";
  }
}
