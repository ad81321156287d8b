"""What every Python peer shares: checks, percentiles, the CPU burn, the pool workload, the output format.

The runner reads one line per figure, ``workload<TAB>metric<TAB>value<TAB>unit``, from standard output; nothing
else may be printed there. Diagnostics go to standard error.
"""

import sys
import time


class WrongResult(Exception):
    """A workload's own check of its result failed: the run must not count."""


def check(ok, message):
    """Fails the workload with ``message`` unless ``ok``."""
    if not ok:
        raise WrongResult("wrong result: " + message)


# The runner's protocol (Repetitions.java): at full scale, warm up for at least 2 runs and 2 seconds (at most 20
# runs), then report each metric's median over 3 measured runs; with --quick, one warm-up run and one measured.
WARM_UP_MIN_RUNS = 2
WARM_UP_MIN_SECONDS = 2.0
WARM_UP_MAX_RUNS = 20
MEASURED_RUNS = 3


def measure(workload, quick, cold):
    """Runs ``workload(quick)`` by the runner's protocol; a ``cold`` workload runs once, unwarmed."""
    if cold:
        return workload(quick)
    start = time.perf_counter()
    runs = 0
    while True:
        workload(quick)  # figures dropped, checks still apply
        runs += 1
        if quick or runs >= WARM_UP_MAX_RUNS:
            break
        if runs >= WARM_UP_MIN_RUNS and time.perf_counter() - start >= WARM_UP_MIN_SECONDS:
            break
    measured = [workload(quick) for _ in range(1 if quick else MEASURED_RUNS)]
    return medians(measured)


def medians(runs):
    """Each metric's median over the runs, in the first run's order; the upper median for an even count."""
    order = []
    values = {}
    units = {}
    for run in runs:
        for metric, value, unit in run:
            if metric not in values:
                order.append(metric)
                values[metric] = []
                units[metric] = unit
            values[metric].append(value)
    return [(metric, sorted(values[metric])[len(values[metric]) // 2], units[metric]) for metric in order]


def pick(quick, full, small):
    """The size for the scale: ``small`` with --quick, else ``full``."""
    return small if quick else full


def percentile(values, fraction):
    """The nearest-rank percentile, as the Java baselines compute it."""
    ordered = sorted(values)
    rank = -(-fraction * len(ordered) // 1)  # ceil without importing math
    return ordered[int(rank) - 1]


def burn_chain(start, stop):
    """The CPU work of T2 and P3, the chain the Java baselines' Burn.chain computes: each step needs the last."""
    x = start
    for i in range(start, stop):
        x = (x * 31 + i) & 0xFFFFFFFF
    return x


def burn_task(iterations):
    """One CPU task of P3 (module level, so process pools can pickle it): its result and the CPU seconds it took
    on the thread that ran it."""
    start = time.thread_time()
    result = burn_chain(0, iterations)
    return result, time.thread_time() - start


def square(x):
    """One tiny task of P3."""
    return x * x


def noop(_=None):
    """A task that does nothing: pool warm-up and spawn latency."""
    return None


def iterations_for(seconds):
    """How many burn iterations take about ``seconds`` of CPU on one core here (the least of three tries per size,
    measured in this thread's CPU time, so other processes on the machine do not shorten the tasks)."""
    iterations = 10_000
    while True:
        took = min(cpu_timed(burn_chain, 0, iterations) for _ in range(3))
        if took >= seconds:
            return max(1, int(iterations * seconds / took))
        iterations *= 2


def cpu_timed(function, *args):
    """CPU seconds this thread spends on one call."""
    start = time.thread_time()
    function(*args)
    return time.thread_time() - start


def pool_map(make_pool, close_pool, quick):
    """P3 on any pool with ``map(fn, iterable, chunksize=...)``: start, tiny tasks, ~5 ms CPU tasks.

    Efficiency is the CPU time the tasks took (each measures its own) over the workers' wall time: 1.0 when both
    workers computed all the time, less for the pool's overhead, the GIL, or other processes taking the cores."""
    tiny = pick(quick, 100_000, 2_000)
    burns = pick(quick, 200, 20)
    workers = 2
    iterations = iterations_for(0.005)

    start = time.perf_counter()
    pool = make_pool(workers)
    try:
        list(pool.map(noop, range(workers), chunksize=1))
        pool_start = time.perf_counter() - start

        start = time.perf_counter()
        total = sum(pool.map(square, range(tiny)))
        tiny_took = time.perf_counter() - start
        check(total == (tiny - 1) * tiny * (2 * tiny - 1) // 6, "the squares sum to %d" % total)

        expected = burn_chain(0, iterations)
        start = time.perf_counter()
        results = list(pool.map(burn_task, [iterations] * burns, chunksize=1))
        burn_wall = time.perf_counter() - start
        check([value for value, _ in results] == [expected] * burns, "a CPU task's result")
    finally:
        close_pool(pool)
    cpu = sum(seconds for _, seconds in results)
    return [
        ("pool_start_ms", pool_start * 1e3, "ms"),
        ("tiny_tasks_per_s", tiny / tiny_took, "tasks/s"),
        ("burn_wall_s", burn_wall, "s"),
        ("burn_efficiency", cpu / (workers * burn_wall), "ratio"),
    ]


# E8's clients: the Java generator every system's echo server faces (EchoLoad in the benchmarks jar), started by
# the peer as [java, "-cp", classpath, ECHO_CLIENT_CLASS, port, clients, rounds, warmup, size]; peer.py fills
# ECHO_CLIENT in from --echo-java and --echo-classpath.
ECHO_CLIENT_CLASS = "dev.concurrency.benchmarks.workload.EchoLoad"
ECHO_CLIENT = []


def echo_sizes(quick):
    """E8's (clients, rounds, warmup, size), as EchoLoad.Sizes.of picks them."""
    return pick(quick, (100, 500, 200, 100), (10, 50, 20, 100))


def echo_client_command(port, sizes):
    """The command line of the shared echo client generator against 127.0.0.1:port."""
    check(ECHO_CLIENT and None not in ECHO_CLIENT,
          "E8 needs --echo-java JAVA --echo-classpath CP (the benchmarks jar) to start its clients")
    return ECHO_CLIENT + [str(port)] + [str(n) for n in sizes]


def echo_figures(output, sizes, server_cpu_s):
    """E8's figures from the generator's output, after checking it verified every byte: its rate, and this
    server's CPU time per round trip (warm-up included), as EchoDriver.figures computes them."""
    fields = dict(line.split("\t", 1) for line in output.splitlines() if line.count("\t") == 1)
    clients, rounds, warmup, size = sizes
    total = clients * (rounds + warmup) * size
    check("requests_per_s" in fields, "the echo client printed no figures: %r" % output)
    check(int(fields.get("bytes_verified", -1)) == total,
          "the echo client verified %s bytes of %d" % (fields.get("bytes_verified"), total))
    return [
        ("requests_per_s", float(fields["requests_per_s"]), "requests/s"),
        ("server_cpu_per_request_us", server_cpu_s * 1e6 / (clients * (rounds + warmup)), "us"),
    ]


def number(value):
    """Six significant digits in plain notation, as the Java side writes them."""
    text = format(value, ".6g")
    if "e" in text:
        text = format(float(text), ".12f").rstrip("0").rstrip(".") or "0"
    return text


def emit(workload, figures, out=sys.stdout):
    """Prints the figures as the runner reads them."""
    for metric, value, unit in figures:
        out.write("%s\t%s\t%s\t%s\n" % (workload, metric, number(value), unit))
    out.flush()
