#!/usr/bin/env bash
# Runs the examples. With no argument it lists them; with a name it runs that one; with "seed" it runs the
# seed article's three section-4 samples; with "all" it runs every example.
#
# The first run downloads Maven dependencies and compiles; maven-toolchains-plugin picks a JDK 21+ among the
# installed ones (JAVA_HOME, /usr/lib/jvm, ~/.jdks, SDKMAN) even where the default java is older.
set -euo pipefail
cd "$(dirname "$0")"

# Say plainly what is missing, before Maven says it less plainly.
command -v mvn >/dev/null || { echo "examples.sh: Maven is not installed; install Maven 3.8.7+ (apt-get install maven)" >&2; exit 2; }
has_jdk21() {
  local home release major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
    release="$home/release"
    [ -n "$home" ] && [ -f "$release" ] && [ -x "$home/bin/javac" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    [ -n "$major" ] && [ "$major" -ge 21 ] && return 0
  done
  return 1
}
has_jdk21 || { echo "examples.sh: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, ~/.jdks, SDKMAN); install one, e.g. apt-get install openjdk-21-jdk" >&2; exit 2; }

exec mvn -q -B -Dstyle.color=never -pl examples -am -DskipTests -Djacoco.skip=true compile exec:exec -Dexample.args="$*"
