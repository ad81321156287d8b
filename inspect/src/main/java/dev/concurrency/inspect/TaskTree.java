package dev.concurrency.inspect;

import dev.concurrency.inspect.JvmState.Frame;
import dev.concurrency.inspect.JvmState.Loop;
import dev.concurrency.inspect.JvmState.Pool;
import dev.concurrency.inspect.JvmState.Task;
import dev.concurrency.inspect.JvmState.Worker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code pstree}: each loop's await graph as a tree, as {@code python -m asyncio pstree} prints it (3.14), then each
 * pool as a tree of its workers.
 *
 * <pre>
 * └── (T) Task-1
 *     └──  Albums.main Albums.java:40
 *         └──  TaskGroup.run TaskGroup.java:130
 *             └──  TaskGroup.exit TaskGroup.java:255
 *                 ├── (T) Sundowning
 *                 │   └──  Albums.album Albums.java:33
 * </pre>
 *
 * <p>A task nobody awaits is a root. Under a task hang the frames of its stack, outermost first, each once however
 * many awaited tasks share it; an awaited task hangs under the innermost frame of its awaiter's stack. A task that
 * awaits no task gets its own stack below it. A cycle in the await graph (A awaits B awaits A) has no tree: {@link
 * #render} throws {@link CycleFoundException} naming each cycle, as upstream does. Stateless.
 */
final class TaskTree {

  private TaskTree() {}

  /** The await graph contains cycles; each is a list of task names, the first repeated at the end. */
  static final class CycleFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf, serializable in practice; never serialized here
    private final List<List<String>> cycles;

    CycleFoundException(List<List<String>> cycles) {
      super("the await graph contains cycles: " + cycles);
      this.cycles = List.copyOf(cycles);
    }

    List<List<String>> cycles() {
      return cycles;
    }
  }

  /** A node: a task of a loop, or one frame of the stack that leads to tasks or ends a leaf task's stack. */
  private record Node(boolean task, long id, String label) {}

  /** Renders every loop's trees, then every pool's. */
  static List<String> render(JvmState state) throws CycleFoundException {
    List<List<String>> cycles = new ArrayList<>();
    for (Loop loop : state.loops()) {
      cycles.addAll(cycles(loop));
    }
    if (!cycles.isEmpty()) {
      throw new CycleFoundException(cycles);
    }
    List<String> lines = new ArrayList<>();
    for (Loop loop : state.loops()) {
      lines.add(loop.name() + " on thread '" + loop.thread() + "': " + loop.taskCount() + " tasks"
          + (loop.responsive() ? String.format(Locale.ROOT, ", lag %.3f ms", loop.lagMillis())
              : ", not answering (blocked): read without its help"));
      lines.addAll(tree(loop));
    }
    for (Pool pool : state.pools()) {
      lines.addAll(pool(pool));
    }
    return lines;
  }

  /** One loop's trees. */
  static List<String> tree(Loop loop) {
    Map<Long, Task> byId = new LinkedHashMap<>();
    loop.tasks().forEach(t -> byId.put(t.id(), t));
    Map<Node, List<Node>> children = new HashMap<>();
    Map<Node, Map<String, Node>> frameNodes = new HashMap<>();
    long[] serial = {0};
    Set<Long> awaitingSomeTask = new HashSet<>();
    for (Task child : loop.tasks()) {
      for (long parentId : child.awaitedBy()) {
        Task parent = byId.get(parentId);
        if (parent == null) {
          continue; // an awaiter beyond the listed tasks
        }
        awaitingSomeTask.add(parentId);
        Node at = taskNode(parent);
        for (Frame frame : outermostFirst(parent.stack())) {
          at = frameNode(at, frame.label(), children, frameNodes, serial);
        }
        List<Node> kids = children.computeIfAbsent(at, k -> new ArrayList<>());
        Node childNode = taskNode(child);
        if (!kids.contains(childNode)) {
          kids.add(childNode);
        }
      }
    }
    for (Task task : loop.tasks()) {
      if (!awaitingSomeTask.contains(task.id())) {
        Node at = taskNode(task);
        for (Frame frame : outermostFirst(task.stack())) {
          at = frameNode(at, frame.label(), children, frameNodes, serial);
        }
      }
    }
    Set<Node> hasParent = new HashSet<>();
    children.values().forEach(hasParent::addAll);
    List<String> lines = new ArrayList<>();
    for (Task task : loop.tasks()) {
      Node root = taskNode(task);
      if (!hasParent.contains(root)) {
        draw(root, "", true, children, lines);
      }
    }
    return lines;
  }

  private static Node taskNode(Task task) {
    return new Node(true, task.id(), task.name());
  }

  private static Node frameNode(
      Node parent, String label, Map<Node, List<Node>> children, Map<Node, Map<String, Node>> frameNodes,
      long[] serial) {
    Map<String, Node> byLabel = frameNodes.computeIfAbsent(parent, k -> new HashMap<>());
    Node existing = byLabel.get(label);
    if (existing != null) {
      return existing;
    }
    Node node = new Node(false, ++serial[0], label);
    byLabel.put(label, node);
    children.computeIfAbsent(parent, k -> new ArrayList<>()).add(node);
    return node;
  }

  private static List<Frame> outermostFirst(List<Frame> innermostFirst) {
    return new ArrayList<>(innermostFirst).reversed();
  }

  private static void draw(Node node, String prefix, boolean last, Map<Node, List<Node>> children, List<String> out) {
    out.add(prefix + (last ? "└── " : "├── ") + (node.task() ? "(T) " : " ") + node.label());
    String next = prefix + (last ? "    " : "│   ");
    List<Node> kids = children.getOrDefault(node, List.of());
    for (int i = 0; i < kids.size(); i++) {
      draw(kids.get(i), next, i == kids.size() - 1, children, out);
    }
  }

  /**
   * The cycles of one loop's await graph, by a depth-first search for back edges over "awaiter awaits task": each
   * is the path from the task a back edge returns to, around to it again.
   */
  static List<List<String>> cycles(Loop loop) {
    Map<Long, Set<Long>> awaits = new LinkedHashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (Task task : loop.tasks()) {
      names.put(task.id(), task.name());
      for (long awaiter : task.awaitedBy()) {
        awaits.computeIfAbsent(awaiter, k -> new LinkedHashSet<>()).add(task.id());
      }
    }
    Map<Long, Integer> colour = new HashMap<>(); // absent: not seen; 1: on the path; 2: done
    List<Long> path = new ArrayList<>();
    List<List<String>> cycles = new ArrayList<>();
    for (long start : new ArrayList<>(awaits.keySet())) {
      if (!colour.containsKey(start)) {
        visit(start, awaits, colour, path, cycles, names);
      }
    }
    return cycles;
  }

  private static void visit(
      long task, Map<Long, Set<Long>> awaits, Map<Long, Integer> colour, List<Long> path, List<List<String>> cycles,
      Map<Long, String> names) {
    colour.put(task, 1);
    path.add(task);
    for (long next : awaits.getOrDefault(task, Set.of())) {
      Integer c = colour.get(next);
      if (c == null) {
        visit(next, awaits, colour, path, cycles, names);
      } else if (c == 1) {
        List<String> cycle = new ArrayList<>();
        for (long id : path.subList(path.indexOf(next), path.size())) {
          cycle.add(names.getOrDefault(id, String.valueOf(id)));
        }
        cycle.add(names.getOrDefault(next, String.valueOf(next)));
        cycles.add(cycle);
      }
    }
    colour.put(task, 2);
    path.remove(path.size() - 1);
  }

  /** A pool as a tree: {@code (P)} the pool, {@code (W)} each worker with its state and task. */
  static List<String> pool(Pool pool) {
    List<String> lines = new ArrayList<>();
    lines.add("└── (P) " + TaskTable.heading(pool));
    List<Worker> workers = pool.workers();
    for (int i = 0; i < workers.size(); i++) {
      Worker w = workers.get(i);
      boolean last = i == workers.size() - 1;
      lines.add("    " + (last ? "└── " : "├── ") + "(W) " + w.name() + " [" + w.id() + "] " + w.state());
      if (!w.task().isEmpty()) {
        lines.add("    " + (last ? "    " : "│   ") + "└──   " + w.task());
      }
    }
    return lines;
  }
}
