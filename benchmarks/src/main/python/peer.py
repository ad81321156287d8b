"""The Python peers of the benchmarks runner: one workload, on one system, in this fresh interpreter.

    python3 peer.py --system python-asyncio --only E1_spawn_gather [--quick]
    python3 peer.py --system python-uvloop --only E8_echo --echo-java JAVA --echo-classpath BENCHMARKS_JAR
    python3 peer.py --list

Prints ``workload<TAB>metric<TAB>value<TAB>unit`` lines on standard output; exits 1 with the reason on standard
error when the workload's own check fails, 2 for a wrong command line.
"""

import argparse
import sys

import peer_asyncio
import peer_common
import peer_multiprocessing
import peer_threading

SYSTEMS = {
    "python-asyncio": lambda: peer_asyncio.workloads(use_uvloop=False),
    "python-uvloop": lambda: peer_asyncio.workloads(use_uvloop=True),
    "python-asyncio-newest": lambda: peer_asyncio.workloads(use_uvloop=False),
    "python-asyncio-eager": lambda: peer_asyncio.workloads(use_uvloop=False, eager=True),
    "python-threading": peer_threading.workloads,
    "python-mp-fork": lambda: peer_multiprocessing.workloads("fork"),
    "python-mp-spawn": lambda: peer_multiprocessing.workloads("spawn"),
    "python-mp-forkserver": lambda: peer_multiprocessing.workloads("forkserver"),
}


# Measured cold, on the first run: what they measure is start-up. Every other workload warms up and is then
# measured, as the runner does for the Java systems (WorkloadNames.COLD, Repetitions; peer_common.measure).
COLD = {"E7_seed_gather", "P1_seed_process", "P2_spawn_latency"}


def main(argv):
    parser = argparse.ArgumentParser(description="Python peers of the benchmarks runner")
    parser.add_argument("--system", choices=sorted(SYSTEMS))
    parser.add_argument("--only", metavar="WORKLOAD")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--list", action="store_true", help="print system<TAB>workload for every pair")
    parser.add_argument("--echo-java", metavar="JAVA", help="E8: the java (21+) that runs the echo clients")
    parser.add_argument("--echo-classpath", metavar="CP", help="E8: the benchmarks jar (or class path)")
    args = parser.parse_args(argv)
    if args.echo_java or args.echo_classpath:
        peer_common.ECHO_CLIENT[:] = [args.echo_java, "-cp", args.echo_classpath, peer_common.ECHO_CLIENT_CLASS]
    if args.list:
        for system in sorted(SYSTEMS):
            for workload in sorted(SYSTEMS[system]()):
                print("%s\t%s" % (system, workload))
        return 0
    if not args.system or not args.only:
        parser.error("--system and --only are needed (or --list)")
    workloads = SYSTEMS[args.system]()
    if args.only not in workloads:
        parser.error("%s has no workload %s; it has %s" % (args.system, args.only, ", ".join(sorted(workloads))))
    try:
        figures = peer_common.measure(workloads[args.only], args.quick, args.only in COLD)
    except peer_common.WrongResult as wrong:
        print("# failed: %s %s: %s" % (args.system, args.only, wrong), file=sys.stderr)
        return 1
    peer_common.emit(args.only, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
