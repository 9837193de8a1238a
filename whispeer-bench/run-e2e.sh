#!/bin/sh
# Builds whispeer-bench (and the modules it needs) and runs the end-to-end loopback benchmark
# (io.whispeer.bench.e2e.E2eMain): max-rate throughput and fixed-rate latency for the raw relay baseline, whispeer
# over TCP and WebSocket with encryption off, xchacha20-poly1305 and aes-256-gcm (whispeer-tcp, whispeer-tcp-xchacha,
# whispeer-tcp-aesgcm, whispeer-ws, whispeer-ws-xchacha, whispeer-ws-aesgcm), shapes 1->1, 1->5 and 4->4, and the
# peer brokers (nats, redis, mosquitto; installed servers, see compare.sh), and the in-process systems
# (inproc-whispeer, inproc-queue, inproc-disruptor) at 1->3; payloads 16 B, 128 B, 1 KiB, 16 KiB. Each broker runs in
# a child JVM or server process that the harness starts and stops. E2eMain prints its time estimate first; the
# default 2 s warm-up + 4 s measured per run makes the full matrix long (about half an hour): pass shorter runs or
# fewer systems (--systems). whispeer-bench/compare.sh installs the peers and runs the whole matrix in under 15
# minutes.
#
#   whispeer-bench/run-e2e.sh [OPTIONS...]
#
#   OPTIONS   passed to E2eMain, e.g. --systems raw-relay,whispeer-tcp --shapes 1->1,4->4 --payloads 128
#             --warmup 1 --measure 2 --system-warmup 2 --window 10000 --window-bytes 67108864 --fraction 0.5 --baseline raw-relay
#             --out whispeer-bench/target/e2e.md --chart whispeer-bench/target/e2e.png
#             (quote shapes in a shell: '1->1,4->4')
#
# Environment:
#   WHISPEER_E2E_PIN              1 (default when taskset exists and there are at least 2 CPUs): the load generator
#                                 runs on CPU 0 (taskset -c 0) and every broker on CPU 1 (--broker-cpus 1); 0: unpinned
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
. whispeer-bench/e2e-env.sh

set -- --client-settings "${WHISPEER_E2E_CLIENT_SETTINGS-}" "$@"
if [ -n "$broker_cpus" ]; then
  set -- --broker-cpus "$broker_cpus" "$@"
fi

# $launcher, $jvm_flags and WHISPEER_E2E_JVM_ARGS are split into words on purpose.
# shellcheck disable=SC2086
exec $launcher "$jdk/bin/java" $jvm_flags ${WHISPEER_E2E_JVM_ARGS:-} -cp "$jar" io.whispeer.bench.e2e.E2eMain "$@"
