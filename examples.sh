#!/usr/bin/env bash
# Runs the examples. With no argument it lists them; with a name it runs that one; with "seed" it runs the
# seed article's three section-4 samples; with "all" it runs every example.
#
# The first run builds the examples (through ./mvnw, which downloads a pinned Maven once, and Maven the
# dependencies) and says so while it does; later runs start the example straight away, and build again only
# when a source file or a pom changed. The example runs on a JDK 21 or newer, found among the installed ones
# (JAVA_HOME, /usr/lib/jvm, ~/.jdks, SDKMAN) even where the default java is older.
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "examples.sh: $*" >&2; }

# Say plainly what is missing, before Maven says it less plainly.
find_jdk21() {
  local home release major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
    release="$home/release"
    [ -n "$home" ] && [ -f "$release" ] && [ -x "$home/bin/javac" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}
jdk=$(find_jdk21) || { say "no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, ~/.jdks, SDKMAN); install one, e.g. apt-get install openjdk-21-jdk"; exit 2; }

classes=examples/target/classes
classpath_file=examples/target/examples.classpath

# Built, and nothing changed since: no source file or pom newer than the class path written by the last build.
up_to_date() {
  [ -f "$classpath_file" ] && [ -d "$classes" ] || return 1
  [ -z "$(find . -path ./.git -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$classpath_file" -print -quit)" ]
}

build() {
  local maven_home="${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/dists"
  if [ ! -d "$maven_home" ] || [ -z "$(ls -A "$maven_home" 2>/dev/null)" ]; then
    say "first run: downloading Maven (pinned in .mvn/wrapper/maven-wrapper.properties, about 10 MB) into ${maven_home%/dists}"
  fi
  if [ -f "$classpath_file" ]; then
    say "sources changed: compiling again ..."
  else
    say "building the examples and the five modules they use; the first time this downloads their dependencies (into ~/.m2/repository) and takes a few minutes ..."
  fi
  # A dot every five seconds, so that a long first build does not look stuck.
  (while sleep 5; do printf . >&2; done) &
  local ticker=$!
  local status=0
  ./mvnw -q -B -Dstyle.color=never -pl examples -am -DskipTests -Djacoco.skip=true -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$classpath_file" -Dmdep.includeScope=runtime || status=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  echo >&2
  if [ "$status" -ne 0 ]; then
    rm -f "$classpath_file"
    say "the build failed (Maven's messages are above); fix it and run ./examples.sh again"
    exit "$status"
  fi
  say "built; running"
}

up_to_date || build
# The launcher lists the examples, runs one, or says in one line that a name is unknown (exit status 2).
exec "$jdk/bin/java" -cp "$classes:$(cat "$classpath_file")" dev.concurrency.examples.Examples "$@"
