#!/bin/sh
# Tests .mvn/find-jdk.sh with fake JDKs (shell scripts that answer -XshowSettings like a JDK of a given version):
# an older JAVA_HOME is passed over and named, a JDK >= 21 found as `java` on PATH is accepted, the newest under
# the JVM directory is the last resort, and no JDK at all fails with a message. Run by .ci/run and by whispeer-it.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
find_jdk="$root/.mvn/find-jdk.sh"
sh_bin=$(command -v sh)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

fake_jdk() { # $1 = home, $2 = feature version
  mkdir -p "$1/bin"
  printf '#!/bin/sh\necho "    java.specification.version = %s" >&2\n' "$2" > "$1/bin/java"
  printf '#!/bin/sh\nexit 0\n' > "$1/bin/javac"
  chmod +x "$1/bin/java" "$1/bin/javac"
}

check() { # $1 = name, $2 = expected stdout, $3 = expected exit code, $4.. = strings stderr must contain
  # find-jdk.sh runs with JAVA_HOME=$t_java_home, PATH=$t_path and WHISPEER_JVM_DIR=$t_jvm_dir
  name=$1 expected=$2 code=$3
  shift 3
  actual_code=0
  out=$(env JAVA_HOME="$t_java_home" PATH="$t_path" WHISPEER_JVM_DIR="$t_jvm_dir" "$sh_bin" "$find_jdk" 2>"$tmp/err") || actual_code=$?
  err=$(cat "$tmp/err")
  ok=1
  [ "$out" = "$expected" ] || ok=0
  [ "$actual_code" = "$code" ] || ok=0
  for part in "$@"; do
    case "$err" in *"$part"*) ;; *) ok=0 ;; esac
  done
  if [ "$code" = 0 ] && [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then ok=0; fi
  if [ $ok = 1 ]; then
    echo "ok   $name"
  else
    echo "FAIL $name: stdout '$out' (expected '$expected'), exit $actual_code (expected $code), stderr: $err"
    failures=$((failures + 1))
  fi
}

fake_jdk "$tmp/jdk17" 17
fake_jdk "$tmp/jdk21" 21
fake_jdk "$tmp/jvm/jdk25" 25
fake_jdk "$tmp/jvm/jdk19" 19
mkdir -p "$tmp/empty" "$tmp/nopath"
ln -s "$(command -v sed)" "$tmp/nopath/sed"
ln -s "$(command -v head)" "$tmp/nopath/head"
ln -s "$(command -v dirname)" "$tmp/nopath/dirname"
ln -s "$(command -v readlink)" "$tmp/nopath/readlink"
base_path="$tmp/nopath"

t_java_home="$tmp/jdk17" t_path="$base_path" t_jvm_dir="$tmp/jvm"
check "an older JAVA_HOME is passed over for the newest JDK in the JVM directory" "$tmp/jvm/jdk25" 0 \
  "using JDK 25 at $tmp/jvm/jdk25" "passed over JAVA_HOME=$tmp/jdk17 (JDK 17, older than 21)"

t_java_home="$tmp/jdk17" t_path="$tmp/jdk21/bin:$base_path" t_jvm_dir="$tmp/jvm"
check "a JDK 21 as java on PATH wins over an older JAVA_HOME" "$tmp/jdk21" 0 \
  "using JDK 21 at $tmp/jdk21 (java on PATH" "passed over JAVA_HOME=$tmp/jdk17 (JDK 17"

t_java_home="$tmp/jdk21" t_path="$tmp/jdk17/bin:$base_path" t_jvm_dir="$tmp/jvm"
check "a JAVA_HOME of 21 or newer is used as it is" "$tmp/jdk21" 0 "using JDK 21 at $tmp/jdk21 (from JAVA_HOME)"

t_java_home="$tmp/empty" t_path="$tmp/jdk17/bin:$base_path" t_jvm_dir="$tmp/empty"
check "no JDK 21 anywhere fails and names what was passed over" "" 1 \
  "whispeer needs a JDK 21 or newer" "passed over JAVA_HOME=$tmp/empty (not a JDK" "passed over java on PATH=$tmp/jdk17 (JDK 17"

if [ $failures -ne 0 ]; then
  echo "$failures find-jdk.sh check(s) failed" >&2
  exit 1
fi
