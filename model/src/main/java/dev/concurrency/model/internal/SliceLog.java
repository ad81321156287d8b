package dev.concurrency.model.internal;

import dev.concurrency.model.sched.Slice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects one-tick records per CPU and merges consecutive ticks of the same job and kind into slices. */
final class SliceLog {

  private final Map<Integer, Slice> open = new HashMap<>();
  private final List<Slice> closed = new ArrayList<>();

  void record(int cpu, String job, long tick, Slice.Kind kind) {
    Slice last = open.get(cpu);
    if (last != null && last.end() == tick && last.job().equals(job) && last.kind() == kind) {
      open.put(cpu, new Slice(cpu, job, last.start(), tick + 1, kind));
      return;
    }
    if (last != null) {
      closed.add(last);
    }
    open.put(cpu, new Slice(cpu, job, tick, tick + 1, kind));
  }

  List<Slice> slices() {
    List<Slice> all = new ArrayList<>(closed);
    all.addAll(open.values());
    all.sort(Comparator.comparingLong(Slice::start).thenComparingInt(Slice::cpu));
    return List.copyOf(all);
  }
}
