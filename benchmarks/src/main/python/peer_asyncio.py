"""The event-loop workloads (E1-E8) on asyncio, with its default loop or with uvloop."""

import asyncio
import random
import time

from peer_common import check, echo_client_command, echo_figures, echo_sizes, percentile, pick


def workloads(use_uvloop, eager=False):
    """name -> function(quick) returning [(metric, value, unit)], every workload run on a fresh loop.

    With ``eager``, the loop's task factory is ``asyncio.eager_task_factory`` (3.12+), and only the workloads a
    task factory changes are offered: E1 and E9.
    """

    def on_loop(body):
        return lambda quick: run(body, quick, use_uvloop, eager)

    if eager:
        return {"E1_spawn_gather": on_loop(spawn_gather), "E9_spawn_no_suspend": on_loop(spawn_no_suspend)}
    return {
        "E1_spawn_gather": on_loop(spawn_gather),
        "E2_yield_switch": on_loop(yield_switch),
        "E3_timers": on_loop(timers),
        "E4_queue": on_loop(queue),
        "E5_lock": on_loop(lock),
        "E6_call_soon": on_loop(call_soon),
        "E7_seed_gather": on_loop(seed_gather),
        "E8_echo": on_loop(echo),
        "E9_spawn_no_suspend": on_loop(spawn_no_suspend),
    }


def run(body, quick, use_uvloop, eager=False):
    """Runs ``body(quick)`` on a new loop, checking it is the loop asked for."""
    if use_uvloop:
        import uvloop  # imported here: python-asyncio must work where uvloop is not installed
        loop = uvloop.new_event_loop()
    else:
        loop = asyncio.new_event_loop()
    if eager:
        loop.set_task_factory(asyncio.eager_task_factory)
    try:
        asyncio.set_event_loop(loop)
        check(type(loop).__module__.startswith("uvloop") == use_uvloop, "ran on %r" % type(loop))
        return loop.run_until_complete(body(quick))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def spawn_gather(quick):
    """E1: n tasks each awaiting sleep(0) once, gathered."""

    async def task(i):
        await asyncio.sleep(0)
        return i

    return await _spawn_and_gather(quick, task)


async def spawn_no_suspend(quick):
    """E9: n tasks that finish without suspending (each returns its index at once), gathered."""

    async def task(i):
        return i

    return await _spawn_and_gather(quick, task)


async def _spawn_and_gather(quick, task):
    """Spawns n tasks ``task(i)`` (each returning i), gathers them, checks the results; the rate."""
    n = pick(quick, 100_000, 2_000)
    start = time.perf_counter()
    results = await asyncio.gather(*[asyncio.ensure_future(task(i)) for i in range(n)])
    took = time.perf_counter() - start
    check(sum(results) == n * (n - 1) // 2, "the tasks' results sum to %d" % sum(results))
    return [("tasks_per_s", n / took, "tasks/s")]


async def yield_switch(quick):
    """E2: one task, n sleep(0)."""
    n = pick(quick, 1_000_000, 10_000)
    switches = 0
    start = time.perf_counter()
    for _ in range(n):
        await asyncio.sleep(0)
        switches += 1
    took = time.perf_counter() - start
    check(switches == n, "%d switches instead of %d" % (switches, n))
    return [("switches_per_s", n / took, "switches/s")]


# A timer may fire this much before its due time and still count: uvloop keeps time in whole milliseconds.
EARLY_TOLERANCE_S = 0.002


async def timers(quick):
    """E3: n tasks sleeping uniform 0..0.5 s (seed 42); wall time and how late each woke."""
    n = pick(quick, 100_000, 2_000)
    longest = pick(quick, 0.5, 0.1)
    rng = random.Random(42)
    delays = [rng.uniform(0, longest) for _ in range(n)]
    lateness = [None] * n

    async def timer(i):
        due = time.perf_counter() + delays[i]
        await asyncio.sleep(delays[i])
        lateness[i] = time.perf_counter() - due

    start = time.perf_counter()
    await asyncio.gather(*[asyncio.ensure_future(timer(i)) for i in range(n)])
    took = time.perf_counter() - start
    check(all(late is not None for late in lateness), "a timer never fired")
    earliest = min(lateness)
    check(earliest >= -EARLY_TOLERANCE_S, "a timer fired %.3f ms early" % (-earliest * 1e3))
    return [
        ("wall_s", took, "s"),
        ("lateness_p50_ms", max(0.0, percentile(lateness, 0.50)) * 1e3, "ms"),
        ("lateness_p99_ms", max(0.0, percentile(lateness, 0.99)) * 1e3, "ms"),
    ]


async def queue(quick):
    """E4: n items through asyncio.Queue(maxsize=1000), one producer, one consumer, order checked."""
    n = pick(quick, 1_000_000, 20_000)
    items = asyncio.Queue(maxsize=1000)
    received = []

    async def producer():
        for i in range(n):
            await items.put(i)

    async def consumer():
        expected = 0
        for _ in range(n):
            item = await items.get()
            if item != expected and not received:
                received.append(expected)
            expected += 1
        return expected

    start = time.perf_counter()
    _, count = await asyncio.gather(producer(), consumer())
    took = time.perf_counter() - start
    check(count == n, "%d of %d items arrived" % (count, n))
    check(not received, "item %s arrived out of order" % received)
    return [("items_per_s", n / took, "items/s")]


async def lock(quick):
    """E5: 1,000 tasks x 100 acquisitions of asyncio.Lock, yielding (sleep(0)) while holding it."""
    tasks = pick(quick, 1_000, 50)
    each = 100
    mutex = asyncio.Lock()
    state = {"holders": 0, "overlaps": 0, "acquisitions": 0}

    async def worker():
        for _ in range(each):
            async with mutex:
                state["holders"] += 1
                if state["holders"] != 1:
                    state["overlaps"] += 1
                await asyncio.sleep(0)
                state["acquisitions"] += 1
                state["holders"] -= 1

    start = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(tasks)])
    took = time.perf_counter() - start
    check(state["overlaps"] == 0, "%d acquisitions overlapped another holder" % state["overlaps"])
    check(state["acquisitions"] == tasks * each, "%d acquisitions" % state["acquisitions"])
    return [("acquisitions_per_s", tasks * each / took, "acquisitions/s")]


async def call_soon(quick):
    """E6: a chain of n callbacks, each scheduling the next with loop.call_soon."""
    n = pick(quick, 1_000_000, 10_000)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    ran = [0]

    def callback():
        ran[0] += 1
        if ran[0] == n:
            done.set_result(ran[0])
        else:
            loop.call_soon(callback)

    start = time.perf_counter()
    loop.call_soon(callback)
    count = await done
    took = time.perf_counter() - start
    check(count == n, "%d callbacks instead of %d" % (count, n))
    return [("callbacks_per_s", n / took, "callbacks/s")]


async def seed_gather(quick):
    """E7: the seed's two tasks, sleeping 1 s and 2 s (0.1 s and 0.2 s when quick), gathered."""
    unit = pick(quick, 1.0, 0.1)

    async def task(number, seconds):
        await asyncio.sleep(seconds)
        return "Task %d completed" % number

    start = time.perf_counter()
    results = await asyncio.gather(task(1, unit), task(2, 2 * unit))
    took = time.perf_counter() - start
    check(results == ["Task 1 completed", "Task 2 completed"], "results %r" % results)
    check(took >= 2 * unit - EARLY_TOLERANCE_S, "finished before the longer sleep ended")
    return [("wall_s", took, "s")]


# What one read takes at most, as in the Java servers.
READ_SIZE = 64 * 1024


async def echo(quick):
    """E8: an asyncio.start_server echo server (read, write, drain per chunk) on loopback, driven by the shared
    Java client generator in its own process: 100 clients, 100-byte messages; requests per second."""
    sizes = echo_sizes(quick)
    echoed = [0]

    async def handle(reader, writer):
        try:
            while True:
                data = await reader.read(READ_SIZE)
                if not data:
                    break
                echoed[0] += len(data)  # before drain: the client may see its echo before drain() returns
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    cpu_before = time.process_time()  # this process only: the generator is a child, not counted
    try:
        client = await asyncio.create_subprocess_exec(
            *echo_client_command(port, sizes), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        # Not communicate(): it closes the generator's stdin, which tells the generator its server is gone.
        output = await client.stdout.read()
        await client.wait()
        client.stdin.close()
        server_cpu = time.process_time() - cpu_before
    finally:
        server.close()
        await server.wait_closed()
    check(client.returncode == 0, "the echo client failed with exit status %s (reason on stderr)" % client.returncode)
    figures = echo_figures(output.decode(), sizes, server_cpu)
    clients, rounds, warmup, size = sizes
    check(echoed[0] == clients * (rounds + warmup) * size,
          "the server echoed %d bytes of %d" % (echoed[0], clients * (rounds + warmup) * size))
    return figures
