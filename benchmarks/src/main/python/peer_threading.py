"""The thread workloads on CPython's threading, queue and concurrent.futures (the GIL included)."""

import concurrent.futures
import queue as queues
import threading
import time

from peer_common import burn_sum, check, pick, pool_map


def workloads():
    """name -> function(quick) returning [(metric, value, unit)]."""
    return {
        "E4_queue": queue,
        "E5_lock": lock,
        "T2_cpu_parallel": cpu_parallel,
        "T3_thread_start_join": start_join,
        "P3_pool_map": lambda quick: pool_map(
            lambda workers: concurrent.futures.ThreadPoolExecutor(max_workers=workers),
            lambda pool: pool.shutdown(wait=True),
            quick),
        "S1_mutex": mutex,
        "S2_semaphore": semaphore,
    }


def start_all(threads):
    for thread in threads:
        thread.start()


def join_all(threads):
    for thread in threads:
        thread.join(120)
        check(not thread.is_alive(), "%s did not finish within 120 s" % thread.name)


def queue(quick):
    """E4: n items through queue.Queue(1000), a producer thread and a consumer thread, order checked."""
    n = pick(quick, 1_000_000, 20_000)
    items = queues.Queue(maxsize=1000)
    result = {"count": 0, "out_of_order": None}

    def producer():
        for i in range(n):
            items.put(i)

    def consumer():
        for expected in range(n):
            if items.get() != expected and result["out_of_order"] is None:
                result["out_of_order"] = expected
            result["count"] += 1

    threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    start = time.perf_counter()
    start_all(threads)
    join_all(threads)
    took = time.perf_counter() - start
    check(result["count"] == n, "%d of %d items arrived" % (result["count"], n))
    check(result["out_of_order"] is None, "item %s arrived out of order" % result["out_of_order"])
    return [("items_per_s", n / took, "items/s")]


def lock(quick):
    """E5: 1,000 threads x 100 acquisitions of threading.Lock, yielding (sleep(0)) while holding it."""
    tasks = pick(quick, 1_000, 50)
    each = 100
    mutex = threading.Lock()
    state = {"holders": 0, "overlaps": 0, "acquisitions": 0}

    def worker():
        for _ in range(each):
            with mutex:
                state["holders"] += 1
                if state["holders"] != 1:
                    state["overlaps"] += 1
                time.sleep(0)
                state["acquisitions"] += 1
                state["holders"] -= 1

    threads = [threading.Thread(target=worker) for _ in range(tasks)]
    start = time.perf_counter()
    start_all(threads)
    join_all(threads)
    took = time.perf_counter() - start
    check(state["overlaps"] == 0, "%d acquisitions overlapped another holder" % state["overlaps"])
    check(state["acquisitions"] == tasks * each, "%d acquisitions" % state["acquisitions"])
    return [("acquisitions_per_s", tasks * each / took, "acquisitions/s")]


def cpu_parallel(quick):
    """T2: the burn sum over n on one thread, then split over two; speedup = t1 / t2."""
    n = pick(quick, 50_000_000, 2_000_000)
    sums = [0, 0, 0]

    def part(index, begin, end):
        sums[index] = burn_sum(begin, end)

    one = [threading.Thread(target=part, args=(0, 0, n))]
    start = time.perf_counter()
    start_all(one)
    join_all(one)
    t1 = time.perf_counter() - start
    two = [threading.Thread(target=part, args=(1, 0, n // 2)), threading.Thread(target=part, args=(2, n // 2, n))]
    start = time.perf_counter()
    start_all(two)
    join_all(two)
    t2 = time.perf_counter() - start
    check(sums[0] > 0 and sums[0] == sums[1] + sums[2], "one thread %d, two threads %d + %d" % tuple(sums))
    return [("t1_s", t1, "s"), ("t2_s", t2, "s"), ("speedup", t1 / t2, "x")]


def start_join(quick):
    """T3: n threads started and joined one at a time, then n started all at once and joined."""
    n = pick(quick, 10_000, 500)
    ran = []  # list.append is atomic in CPython

    def task():
        ran.append(1)

    start = time.perf_counter()
    for _ in range(n):
        thread = threading.Thread(target=task)
        thread.start()
        thread.join()
    sequential = time.perf_counter() - start
    check(len(ran) == n, "%d of %d threads ran one at a time" % (len(ran), n))
    ran.clear()
    threads = [threading.Thread(target=task) for _ in range(n)]
    start = time.perf_counter()
    start_all(threads)
    join_all(threads)
    all_at_once = time.perf_counter() - start
    check(len(ran) == n, "%d of %d threads ran all at once" % (len(ran), n))
    return [
        ("sequential_threads_per_s", n / sequential, "threads/s"),
        ("all_at_once_threads_per_s", n / all_at_once, "threads/s"),
    ]


def contend(threads, each, section):
    """S1/S2's harness: threads released together, each running ``section`` ``each`` times."""
    go = threading.Event()
    counts = []

    def worker():
        go.wait()
        mine = 0
        for _ in range(each):
            mine += section()
        counts.append(mine)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    start_all(workers)
    start = time.perf_counter()
    go.set()
    join_all(workers)
    took = time.perf_counter() - start
    check(sum(counts) == threads * each, "%d sections ran instead of %d" % (sum(counts), threads * each))
    return [("ops_per_s", threads * each / took, "ops/s")]


def mutex(quick):
    """S1: 2 threads x 1,000,000 lock/unlock of threading.Lock; the counter it guards must be exact."""
    each = pick(quick, 1_000_000, 20_000)
    guard = threading.Lock()
    counter = [0]

    def section():
        with guard:
            counter[0] += 1
        return 1

    figures = contend(2, each, section)
    check(counter[0] == 2 * each, "the counter reached %d instead of %d" % (counter[0], 2 * each))
    return figures


def semaphore(quick):
    """S2: 4 threads, threading.Semaphore(2), 250,000 acquire/release each; never more than 2 inside."""
    each = pick(quick, 250_000, 5_000)
    permits = threading.Semaphore(2)
    inside = []  # append and pop are atomic in CPython
    over = []

    def section():
        with permits:
            inside.append(1)
            if len(inside) > 2:
                over.append(1)
            inside.pop()
        return 1

    figures = contend(4, each, section)
    check(not over, "%d times more than 2 threads held the 2 permits" % len(over))
    return figures
