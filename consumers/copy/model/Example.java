package com.example;

import dev.concurrency.model.timing.Task;
import dev.concurrency.model.timing.TimingModel;
import dev.concurrency.model.trace.Gantt;
import java.time.Duration;
import java.util.List;

/** The seed's timing formula against the overlap model, in a project that holds a copy of model. */
public final class Example {

  private Example() {}

  public static void main(String[] args) {
    List<Task> tasks = List.of(Task.waiting("task1", Duration.ofSeconds(1)), Task.waiting("task2", Duration.ofSeconds(2)));
    System.out.println("seed's T_total = T_1 + T_2: " + TimingModel.sequential(tasks).wall());
    System.out.println("gathered on an event loop: " + TimingModel.eventLoop(tasks).wall());
    System.out.print(Gantt.ascii(TimingModel.eventLoop(tasks).schedule(), 40));
  }
}
