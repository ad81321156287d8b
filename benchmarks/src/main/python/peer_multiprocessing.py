"""The process workloads on multiprocessing, with the fork, spawn or forkserver start method."""

import multiprocessing
import statistics
import time

from peer_common import check, noop, pick, pool_map


def workloads(method):
    """name -> function(quick) returning [(metric, value, unit)] for the given start method."""
    context = multiprocessing.get_context(method)
    return {
        "P1_seed_process": lambda quick: seed_process(context),
        "P2_spawn_latency": lambda quick: spawn_latency(context, quick),
        "P3_pool_map": lambda quick: pool_map(
            lambda workers: context.Pool(workers),
            close_pool,
            quick),
    }


def close_pool(pool):
    pool.close()
    pool.join()


def seed_task(number, messages):
    """The seed's task: its two lines go to the parent through a queue, not to the runner's stdout."""
    messages.put("Task %d started" % number)
    messages.put("Task %d completed" % number)


def seed_process(context):
    """P1: the seed's two processes, started together and joined; all four lines must arrive."""
    messages = context.Queue()
    start = time.perf_counter()
    processes = [context.Process(target=seed_task, args=(n, messages)) for n in (1, 2)]
    for process in processes:
        process.start()
    lines = sorted(messages.get(timeout=120) for _ in range(4))
    for process in processes:
        process.join(120)
    took = time.perf_counter() - start
    check([p.exitcode for p in processes] == [0, 0], "exit codes %r" % [p.exitcode for p in processes])
    check(lines == ["Task 1 completed", "Task 1 started", "Task 2 completed", "Task 2 started"], "lines %r" % lines)
    return [("wall_s", took, "s")]


def spawn_latency(context, quick):
    """P2: start and join of a no-op child, 20 times (5 when quick); the median."""
    runs = []
    for _ in range(pick(quick, 20, 5)):
        start = time.perf_counter()
        process = context.Process(target=noop)
        process.start()
        process.join(120)
        runs.append(time.perf_counter() - start)
        check(process.exitcode == 0, "a no-op child exited with %r" % process.exitcode)
    return [("median_ms", statistics.median(runs) * 1e3, "ms")]
