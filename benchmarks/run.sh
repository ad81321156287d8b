#!/usr/bin/env bash
# Measures this project against its peers (CPython asyncio, uvloop, threading, multiprocessing fork/spawn and
# the JDK baselines), every (system, workload) in a fresh process, and writes benchmarks/results/latest.{tsv,md}.
#
#   benchmarks/run.sh                      # everything, full sizes (under 10 minutes on 2 cores)
#   benchmarks/run.sh --quick              # small sizes: a smoke test
#   benchmarks/run.sh --system project,python-uvloop --workload E2_yield_switch
#   benchmarks/run.sh --only E1_spawn_gather --system jdk-cf
#   benchmarks/run.sh --list               # systems, their workloads, what is missing here
#   benchmarks/run.sh jmh -l               # JMH: list, or run by regex (benchmarks/run.sh jmh LockBenchmark)
#
# Builds the shaded jar first (set BENCHMARKS_NO_BUILD=1 to reuse it; MAVEN_FLAGS="-o" to build offline).
set -euo pipefail
cd "$(dirname "$0")/.."

# The major Java version of a java executable (8 for "1.8"), or nothing when it does not run.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { v = $2; sub(/^1\./, "", v); split(v, p, "."); print p[1] }'
}

# Prefer $JAVA_HOME when it is 21+, else the newest 21+ JDK under /usr/lib/jvm (and the usual per-user places).
find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    local major
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$JAVA_HOME/bin/java"
      return
    fi
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/bin/java "$HOME"/.jdks/*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "benchmarks/run.sh: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm, ~/.jdks," \
      "~/.sdkman). Install one (e.g. apt-get install openjdk-21-jdk) or point JAVA_HOME at it." >&2
    exit 1
  fi
  echo "$best"
}

JAVA=$(find_java)
if [ "${BENCHMARKS_NO_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086 # MAVEN_FLAGS is a list of flags
  ./mvnw -B -q ${MAVEN_FLAGS:-} -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true
fi
exec "$JAVA" -jar benchmarks/target/benchmarks.jar "$@"
