#!/usr/bin/env bash
# Proves both ways of reusing the library modules, as a new user would take them, and the front door:
#
#   1. install: the BOM and every library module (a folder with src/main/java/module-info.java) go into a clean
#      local Maven repository, each with its flattened POM (no parent), its sources and its Javadoc jar;
#   2. copy a module: each library module's sources are copied into a project of their own whose pom holds only
#      the dependencies that module's README names (its "copy-dependencies" block), built, and its example run
#      (consumers/copy/<module>/Example.java), which must print the lines of expected.txt beside it;
#   3. depend on it: bom-seed imports the BOM, depends on async-core, is a JPMS module itself and runs the seed's
#      sample on the module path; a module that reaches into async-core's internal package does not compile;
#   4. logging: logging-logback and logging-log4j run the same program, whose loop watchdog reports through
#      System.Logger, and Logback or Log4j prints the report, chosen by the jars on the class path alone;
#   5. the front door: ./examples.sh with a mistyped name prints one line and the list, and exits 2.
#
# The build runs it in the verify phase of the consumers module, after the library modules are packaged
# (./mvnw -B verify); by hand: ./mvnw -B -q package -DskipTests && consumers/check.sh. Dependencies come from
# Maven Central into the clean repository (consumers/target/reuse-check/m2), as they would for a user.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$repo/consumers/target/reuse-check
m2=$work/m2

say() { echo "consumers/check.sh: $*"; }
fail() { echo "consumers/check.sh: FAILED: $*" >&2; exit 1; }

find_jdk21() {
  local home major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$home" ] && [ -f "$home/release" ] && [ -x "$home/bin/javac" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$home"; return 0; fi
  done
  return 1
}
# A user builds with a JDK 21 or newer as JAVA_HOME; so do these projects (they have no toolchains plugin).
JAVA_HOME=$(find_jdk21) || fail "no JDK 21 or newer found"
export JAVA_HOME
java=$JAVA_HOME/bin/java

maven() { "$repo/mvnw" -B -q -Dstyle.color=never -Dmaven.repo.local="$m2" "$@"; }

# Output lines a run must print, each exactly, in any order.
expect_lines() {
  local output=$1; shift
  local line
  for line in "$@"; do
    grep -qxF -- "$line" "$output" || fail "$(basename "$(dirname "$output")"): expected the line '$line' in:
$(cat "$output")"
  done
}
expect_match() {
  grep -qE -- "$2" "$1" || fail "$(basename "$(dirname "$1")"): expected a line matching '$2' in:
$(cat "$1")"
}

# Lines a run must print, from a file: each line exactly, or, after "regex: ", a line matching that regex.
expect_file() {
  local output=$1 expected=$2 line
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      "") ;;
      "regex: "*) expect_match "$output" "^${line#regex: }\$" ;;
      *) expect_lines "$output" "$line" ;;
    esac
  done < "$expected"
}

# whether a jar holds an entry (grep reads the whole listing: with pipefail, grep -q could end unzip by SIGPIPE)
has_entry() { unzip -l "$1" | grep -c " $2\$" > /dev/null; }

version=$(sed -n '/<artifactId>concurrency-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' "$repo/pom.xml")
# A library module: a folder with src/main/java/module-info.java that requires none of the repository's other
# modules (examples and benchmarks are modules too, and require them).
module_code() { perl -0777 -pe 's{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g' "$1/src/main/java/module-info.java"; }
names=" "
for descriptor in "$repo"/*/src/main/java/module-info.java; do
  names="$names$(module_code "${descriptor%/src/main/java/module-info.java}" | sed -n 's/.*\bmodule[[:space:]]\{1,\}\([[:alnum:]_.]\{1,\}\)[[:space:]]*{.*/\1/p') "
done
libraries=()
for descriptor in "$repo"/*/src/main/java/module-info.java; do
  dir=${descriptor%/src/main/java/module-info.java}
  uses_another=false
  for required in $(module_code "$dir" | tr ';' '\n' | sed -n 's/.*\brequires[[:space:]]\{1,\}\(static[[:space:]]\{1,\}\|transitive[[:space:]]\{1,\}\)*\([[:alnum:]_.]\{1,\}\)[[:space:]]*$/\2/p'); do
    case $names in *" $required "*) uses_another=true ;; esac
  done
  $uses_another || libraries+=("$(basename "$dir")")
done
[ "${#libraries[@]}" -gt 0 ] || fail "no library module (a folder with src/main/java/module-info.java requiring no other)"

rm -rf "$work"
mkdir -p "$work/copy" "$m2"

# 1. install ---------------------------------------------------------------------------------------------------
say "1. installing concurrency-bom and ${#libraries[@]} library modules (${libraries[*]}) into a clean local repository"
bom_pom=$repo/bom/.flattened-pom.xml
[ -f "$bom_pom" ] || fail "bom/.flattened-pom.xml is missing: package the build first (./mvnw -B package -DskipTests)"
installs="" # one install-file execution per artifact, all in one Maven run
add_install() { # add_install <id> <file> <pom> [<sources> <javadoc>]
  installs="$installs
        <execution><id>$1</id><phase>validate</phase><goals><goal>install-file</goal></goals><configuration>
          <file>$2</file><pomFile>$3</pomFile>${4:+<sources>$4</sources><javadoc>$5</javadoc>}
        </configuration></execution>"
}
add_install concurrency-bom "$bom_pom" "$bom_pom"
for module in "${libraries[@]}"; do
  dir=$repo/$module
  jar=$dir/target/$module-$version.jar
  for file in "$jar" "${jar%.jar}-sources.jar" "${jar%.jar}-javadoc.jar" "$dir/.flattened-pom.xml"; do
    [ -f "$file" ] || fail "$module: $file is missing: package the build first (./mvnw -B package -DskipTests)"
  done
  if grep -q "<parent>" "$dir/.flattened-pom.xml"; then fail "$module: its flattened POM still names a parent"; fi
  for artifact in "$jar" "${jar%.jar}-sources.jar" "${jar%.jar}-javadoc.jar"; do
    has_entry "$artifact" META-INF/LICENSE || fail "$(basename "$artifact") has no META-INF/LICENSE"
  done
  has_entry "$jar" module-info.class || fail "$(basename "$jar") has no module descriptor"
  add_install "$module" "$jar" "$dir/.flattened-pom.xml" "${jar%.jar}-sources.jar" "${jar%.jar}-javadoc.jar"
done
mkdir -p "$work/installer"
cat > "$work/installer/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>installer</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-install-plugin</artifactId>
        <version>3.1.4</version>
        <executions>$installs
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
EOF
maven -f "$work/installer/pom.xml" validate || fail "installing into the clean repository failed (Maven's messages are above)"
if [ -e "$m2/dev/concurrency/concurrency-parent" ]; then fail "the parent POM reached the clean repository"; fi

# 2. copy a module ---------------------------------------------------------------------------------------------
say "2. copying each library module into a project of its own, with only the dependencies its README names"
modules=""
for module in "${libraries[@]}"; do
  readme=$repo/$module/README.md
  example=$repo/consumers/copy/$module/Example.java
  for file in "$example" "$(dirname "$example")/expected.txt"; do
    [ -f "$file" ] || fail "$module: ${file#"$repo/"} is missing. A library module's copy runs consumers/copy/$module/Example.java
(class com.example.Example, using the module's API only) and checks that it prints every line of expected.txt beside it
(a line as it is, or \"regex: <extended regex>\" for a line that varies): add both (see consumers/README.md)"
  done
  # the ```xml block after the line <!-- copy-dependencies --> in the module's README
  dependencies=$(awk '/<!-- copy-dependencies/ {found = 1; next}
                      found && /^```xml/ {inside = 1; next}
                      inside && /^```/ {exit}
                      inside {print "    " $0}' "$readme")
  [ -n "$dependencies" ] || fail "$module/README.md has no <!-- copy-dependencies ... --> line followed by an xml block"
  project=$work/copy/$module
  mkdir -p "$project/src/main/java/com/example"
  cp -R "$repo/$module/src/main/java/." "$project/src/main/java/"
  rm "$project/src/main/java/module-info.java" # into a project that is not a module: the README says so
  cp "$repo/LICENSE" "$project/"
  cp "$example" "$project/src/main/java/com/example/"
  sed -e "s|@MODULE@|$module|" -e "/@DEPENDENCIES@/{
r /dev/stdin
d
}" "$repo/consumers/copy/pom.template.xml" > "$project/pom.xml" <<<"$dependencies"
  modules="$modules    <module>copy/$module</module>
"
done

# 3. and 4. one Maven run builds the copies and the consumer projects ------------------------------------------
say "3. building the copies, bom-seed, logging-logback and logging-log4j against the clean repository"
for consumer in bom-seed logging-logback logging-log4j; do
  modules="$modules    <module>../../$consumer</module>
"
done
cat > "$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>reuse-check</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <modules>
$modules  </modules>
</project>
EOF
maven -f "$work/pom.xml" package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=runtime || fail "the copies or the consumer projects did not build (Maven's messages are above)"

run() { # run <project folder> <output file> <java arguments...>
  local project=$1 output=$2; shift 2
  (cd "$project" && timeout 120 "$java" "$@") > "$output" 2>&1 || fail "$(basename "$project") exited with $?:
$(cat "$output")"
}
classpath() { echo "$1/target/classes:$(cat "$1/target/classpath.txt")"; }

for module in "${libraries[@]}"; do
  project=$work/copy/$module
  run "$project" "$project/output.txt" -cp "$(classpath "$project")" com.example.Example
  expect_file "$project/output.txt" "$repo/consumers/copy/$module/expected.txt"
  say "   copy of $module: built with only its README's dependencies, example ran"
done

seed=$repo/consumers/bom-seed
run "$seed" "$work/bom-seed.txt" --module-path "$(classpath "$seed")" -m com.example.seed/com.example.seed.Main
expect_lines "$work/bom-seed.txt" "Task 1 started" "Task 2 started" "Task 1 completed" "Task 2 completed"
say "   bom-seed: async-core through the BOM, on the module path, ran the seed's sample"

# a user's module cannot reach the internal package: javac refuses it
probe=$work/internal-probe
mkdir -p "$probe/src/probe"
printf 'module probe { requires dev.concurrency.async; }\n' > "$probe/src/module-info.java"
printf 'package probe;\nclass Probe { dev.concurrency.async.internal.Waiter waiter; }\n' > "$probe/src/probe/Probe.java"
if "$JAVA_HOME/bin/javac" --module-path "$(cat "$seed/target/classpath.txt")" -d "$probe/out" \
    "$probe/src/module-info.java" "$probe/src/probe/Probe.java" > "$probe/javac.txt" 2>&1; then
  fail "a module compiled against dev.concurrency.async.internal: the package is open"
fi
grep -q "is not visible\|does not export" "$probe/javac.txt" || fail "javac refused the probe, but not for the package: $(cat "$probe/javac.txt")"
say "   async-core's internal package is closed to a user's module"

for backend in logback log4j; do
  project=$repo/consumers/logging-$backend
  run "$project" "$work/logging-$backend.txt" -cp "$(classpath "$project")" com.example.logging.Main
  expect_match "$work/logging-$backend.txt" "^\[$backend\] INFO com\.example\.logging\.Main - a task is about to block"
  expect_match "$work/logging-$backend.txt" "^\[$backend\] WARN dev\.concurrency\.async\.EventLoop - the event loop has been blocked"
  say "   logging-$backend: the watchdog's report came out through $backend"
done

# 5. the front door --------------------------------------------------------------------------------------------
say "5. ./examples.sh with a mistyped name"
status=0
"$repo/examples.sh" seed-asynci > "$work/front-door.out" 2> "$work/front-door.err" || status=$?
[ "$status" -eq 2 ] || fail "./examples.sh seed-asynci exited with $status, not 2: $(cat "$work/front-door.err")"
grep -qxF "No example is named 'seed-asynci'. Did you mean 'seed-asyncio'? Pick one of these:" "$work/front-door.err" \
  || fail "./examples.sh seed-asynci did not say so in one line: $(cat "$work/front-door.err")"
if grep -qE '^\[ERROR\]|^\s+at ' "$work/front-door.err"; then fail "./examples.sh printed a stack trace or a build error"; fi
say "   one line naming the nearest example, the list, exit status 2"

say "all reuse checks passed"
