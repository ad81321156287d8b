#!/usr/bin/env bash
# Runs the examples. With no argument it lists them; with a name it runs that one; with "seed" it runs the
# seed article's three section-4 samples; with "all" it runs every example.
#
# The first run downloads Maven dependencies and compiles; maven-toolchains-plugin picks a JDK 21+ among the
# installed ones even where the default java is older.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -q -B -Dstyle.color=never -pl examples -am -DskipTests -Djacoco.skip=true compile exec:exec -Dexample.args="$*"
