#!/bin/sh
# Prints the home of a JDK >= 21: $JAVA_HOME when it is one, else the newest under /usr/lib/jvm.
# Exits 1 with a message on stderr when there is none. Used by ./mvnw, .ci/run and the scripts in bin/.
set -eu

required=21

feature_version() { # $1 = JDK home; prints its feature version (17, 21, 25, ...) or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

if [ -n "${JAVA_HOME-}" ]; then
  v=$(feature_version "$JAVA_HOME")
  if [ -n "$v" ] && [ "$v" -ge "$required" ]; then
    printf '%s\n' "$JAVA_HOME"
    exit 0
  fi
fi

best="" best_version=0
for home in /usr/lib/jvm/*; do
  [ -d "$home" ] || continue
  v=$(feature_version "$home")
  if [ -n "$v" ] && [ "$v" -ge "$required" ] && [ "$v" -gt "$best_version" ]; then
    best=$home best_version=$v
  fi
done

if [ -z "$best" ]; then
  echo "whispeer needs a JDK $required or newer: JAVA_HOME (${JAVA_HOME:-unset}) is not one and none was found under /usr/lib/jvm." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
printf '%s\n' "$best"
