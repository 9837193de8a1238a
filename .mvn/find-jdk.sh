#!/bin/sh
# Prints the home of a JDK >= 21 on stdout, and on stderr one line saying which JDK it picked and why.
# Order: $JAVA_HOME when it is a JDK >= 21; else the `java` on PATH when it belongs to a JDK >= 21; else the newest
# JDK >= 21 under /usr/lib/jvm. A JAVA_HOME or PATH java that is older is named as passed over.
# Exits 1 with a message on stderr when there is none. WHISPEER_JVM_DIR replaces /usr/lib/jvm (for tests). Used by ./mvnw, .ci/run and whispeer-bench/run-benchmarks.sh.
set -eu

required=21
jvm_dir=${WHISPEER_JVM_DIR:-/usr/lib/jvm}

feature_version() { # $1 = JDK home; prints its feature version (17, 21, 25, ...) or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

passed=""
pass_over() { # $1 = what, $2 = home, $3 = version or empty
  if [ -n "$3" ]; then
    passed="$passed; passed over $1=$2 (JDK $3, older than $required)"
  else
    passed="$passed; passed over $1=$2 (not a JDK: no bin/java and bin/javac)"
  fi
}

pick() { # $1 = home, $2 = version, $3 = why
  # A script that already reported its choice exports WHISPEER_JDK_REPORTED=<home>, so the line is printed once.
  [ "${WHISPEER_JDK_REPORTED-}" = "$1" ] || echo "whispeer: using JDK $2 at $1 ($3$passed)" >&2
  printf '%s\n' "$1"
  exit 0
}

if [ -n "${JAVA_HOME-}" ]; then
  v=$(feature_version "$JAVA_HOME")
  if [ -n "$v" ] && [ "$v" -ge "$required" ]; then
    pick "$JAVA_HOME" "$v" "from JAVA_HOME"
  fi
  pass_over JAVA_HOME "$JAVA_HOME" "$v"
fi

if path_java=$(command -v java 2>/dev/null) && [ -n "$path_java" ]; then
  # resolve symlinks (/usr/bin/java -> /etc/alternatives/java -> .../bin/java) to find the JDK home
  real=$(readlink -f "$path_java" 2>/dev/null || printf '%s' "$path_java")
  home=$(dirname "$(dirname "$real")")
  v=$(feature_version "$home")
  if [ -n "$v" ] && [ "$v" -ge "$required" ]; then
    pick "$home" "$v" "java on PATH"
  fi
  if [ "$home" != "${JAVA_HOME-}" ]; then
    pass_over "java on PATH" "$home" "$v"
  fi
fi

best="" best_version=0
for home in "$jvm_dir"/*; do
  [ -d "$home" ] || continue
  v=$(feature_version "$home")
  if [ -n "$v" ] && [ "$v" -ge "$required" ] && [ "$v" -gt "$best_version" ]; then
    best=$home best_version=$v
  fi
done

if [ -n "$best" ]; then
  pick "$best" "$best_version" "the newest JDK >= $required under $jvm_dir"
fi
echo "whispeer needs a JDK $required or newer: none in JAVA_HOME (${JAVA_HOME:-unset}), on PATH or under $jvm_dir${passed}." >&2
echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
exit 1
