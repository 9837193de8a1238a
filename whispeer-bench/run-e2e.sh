#!/bin/sh
# Builds whispeer-bench (and the modules it needs) and runs the end-to-end loopback benchmark
# (io.whispeer.bench.e2e.E2eMain): max-rate throughput and fixed-rate latency, 1 -> 1 and 1 -> 5, 16 B / 128 B / 1 KiB,
# for the raw relay baseline and whispeer over TCP and WebSocket with encryption off and on. Each broker runs in a
# child JVM that the harness starts and stops. The default matrix (5 systems x 6 workloads, 2 s warm-up + 4 s
# measured per run, two runs per row) takes about 7 minutes on 2 cores.
#
#   whispeer-bench/run-e2e.sh [OPTIONS...]
#
#   OPTIONS   passed to E2eMain, e.g. --systems raw-relay,whispeer-tcp --subscribers 1 --payloads 128
#             --warmup 1 --measure 2 --window 10000 --fraction 0.5 --out whispeer-bench/target/e2e.md
#
# Environment:
#   WHISPEER_E2E_PIN              1 (default when taskset exists and there are at least 2 CPUs): the load generator
#                                 runs on CPU 0 (taskset -c 0) and every broker JVM on CPU 1 (--broker-cpus 1); 0: unpinned
#   WHISPEER_E2E_CLIENT_SETTINGS  whispeer client settings, key=value,...; default none (the clients' defaults), e.g.
#                                 whispeer.transport.write-buffer-high-water-mark=1MiB
#   WHISPEER_E2E_JVM_ARGS         extra options of the load generator's JVM (e.g. -XX:StartFlightRecording=...);
#                                 -Dwhispeer.e2e.broker-jvm-args='...' among them passes options to the broker JVMs
#   WHISPEER_BENCH_SKIP_BUILD     1 reuses an existing whispeer-bench/target/benchmarks.jar
#
# Runs from any directory; needs a JDK >= 21 (.mvn/find-jdk.sh, as run-benchmarks.sh).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

jdk=$(sh .mvn/find-jdk.sh)
export WHISPEER_JDK_REPORTED="$jdk"

if [ "${WHISPEER_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  JAVA_HOME=$jdk ./mvnw -q -B -DskipTests -pl whispeer-bench -am package
fi

jar=whispeer-bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "$jar is missing; run without WHISPEER_BENCH_SKIP_BUILD=1 to build it." >&2
  exit 1
fi

jvm_flags=--enable-native-access=ALL-UNNAMED
feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
if [ "${feature:-0}" -ge 24 ]; then
  jvm_flags="$jvm_flags --sun-misc-unsafe-memory-access=allow"
fi

pin=${WHISPEER_E2E_PIN:-auto}
if [ "$pin" = auto ]; then
  if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then pin=1; else pin=0; fi
fi
set --  --client-settings "${WHISPEER_E2E_CLIENT_SETTINGS-}" "$@"
if [ "$pin" = 1 ]; then
  echo "run-e2e: load generator on CPU 0, brokers on CPU 1 (taskset)" >&2
  set -- --broker-cpus 1 "$@"
  launcher="taskset -c 0"
else
  echo "run-e2e: not pinned" >&2
  launcher=""
fi

# $launcher, $jvm_flags and WHISPEER_E2E_JVM_ARGS are split into words on purpose.
# shellcheck disable=SC2086
exec $launcher "$jdk/bin/java" $jvm_flags ${WHISPEER_E2E_JVM_ARGS:-} -cp "$jar" io.whispeer.bench.e2e.E2eMain "$@"
