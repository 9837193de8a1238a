#!/bin/sh
# Side by side with NATS, Redis and Mosquitto: one command that installs the peer servers when missing, builds the
# bench jar, runs the end-to-end matrix pinned (load generator on CPU 0, brokers on CPU 1) and writes the results into
# docs/benchmarks.md (between the lines "<!-- compare.sh: begin -->" and "<!-- compare.sh: end -->", in the section
# "Side by side with NATS, Redis and Mosquitto", created at the end when absent) and the chart into
# docs/benchmarks-compare.png.
#
#   whispeer-bench/compare.sh [OPTIONS...]
#
# The matrix: raw-relay, whispeer-tcp, whispeer-tcp-xchacha, whispeer-tcp-aesgcm, whispeer-ws, whispeer-ws-xchacha,
# whispeer-ws-aesgcm, nats, redis, mosquitto with shapes 1->1, 1->5, 4->4, and inproc-whispeer, inproc-queue,
# inproc-disruptor with 1->3; payloads 16, 128, 1024, 16384 B; 0.5 s warm-up + 1.5 s measured per run, two runs per
# row, after 3 s of unmeasured load when each system starts (its JIT). That is 132 rows, estimated at
# 132 x (2 x 2 s + 1 s) + 13 x (3 s + 3 s) + 2 s = 740 s, about 12 minutes, plus the build (1-2 minutes): under 15
# minutes on 2 cores. E2eMain prints its estimate first; the script prints the elapsed time at the end.
#
# OPTIONS go to E2eMain after the script's own and override them, e.g. for a shorter run:
#   whispeer-bench/compare.sh --systems raw-relay,whispeer-tcp,nats --payloads 128 --measure 1
# (--doc, --chart and --out are set by the script; pass them to write elsewhere).
#
# Installing: when a peer server of the run (nats-server, redis-server, mosquitto) is missing, the script runs
# "apt-get install -y nats-server redis-server mosquitto" (and "apt-get update" first only when that fails). That
# needs root: run as root (or install them yourself) otherwise. The packages start their system services; the script
# stops the services of the packages it installed itself (the harness starts its own servers on free ports).
# WHISPEER_COMPARE_INSTALL=0 skips the check. Every process the script starts is stopped on exit, Ctrl-C or TERM.
#
# Environment: as run-e2e.sh (WHISPEER_E2E_PIN, WHISPEER_E2E_CLIENT_SETTINGS, WHISPEER_E2E_JVM_ARGS,
# WHISPEER_BENCH_SKIP_BUILD).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
started=$(date +%s)
PATH="$PATH:/usr/sbin:/usr/local/sbin:/sbin"

# The --systems value among the options (the last one wins, as in E2eMain); empty means the full matrix.
systems=""
previous=""
for arg in "$@"; do
  if [ "$previous" = --systems ]; then systems=$arg; fi
  previous=$arg
done
in_run() {
  case ",$systems," in
    ,,) return 0 ;;
    *,"$1",*) return 0 ;;
    *) return 1 ;;
  esac
}

missing=""
if [ "${WHISPEER_COMPARE_INSTALL:-1}" != 0 ]; then
  for peer in nats:nats-server redis:redis-server mosquitto:mosquitto; do
    system=${peer%%:*}
    package=${peer#*:}
    if in_run "$system" && ! command -v "$package" >/dev/null 2>&1; then
      missing="$missing $package"
    fi
  done
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "compare.sh: missing peer servers:$missing. Installing them needs root: run this script as root, or run" >&2
    echo "  sudo apt-get install -y$missing" >&2
    echo "(or leave those systems out with --systems)." >&2
    exit 1
  fi
  echo "compare.sh: installing$missing" >&2
  # $missing is a list of package names on purpose.
  # shellcheck disable=SC2086
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y $missing; then
    apt-get update
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
  fi
  for package in $missing; do
    if command -v service >/dev/null 2>&1; then
      service "$package" stop >/dev/null 2>&1 || true
    fi
  done
fi

echo "compare.sh: building, then E2eMain prints its estimate (the full matrix: about 12 minutes after the build)" >&2
. whispeer-bench/e2e-env.sh

set -- --systems "raw-relay,whispeer-tcp,whispeer-tcp-xchacha,whispeer-tcp-aesgcm,whispeer-ws,whispeer-ws-xchacha,whispeer-ws-aesgcm,nats,redis,mosquitto,inproc-whispeer,inproc-queue,inproc-disruptor" \
  --shapes "1->1,1->5,4->4" --inproc-shapes "1->3" --payloads 16,128,1024,16384 --warmup 0.5 --measure 1.5 --system-warmup 3 \
  --doc docs/benchmarks.md --chart docs/benchmarks-compare.png --out whispeer-bench/target/compare.md \
  --client-settings "${WHISPEER_E2E_CLIENT_SETTINGS-}" "$@"
if [ -n "$broker_cpus" ]; then
  set -- --broker-cpus "$broker_cpus" "$@"
fi

pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "compare.sh: stopping the harness (pid $pid) and its servers" >&2
    kill -TERM "$pid" 2>/dev/null || true
    tries=0
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 40 ]; do
      sleep 0.5
      tries=$((tries + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# Started in the background so that the traps run at once on Ctrl-C; the harness stops its servers on TERM (its
# shutdown hook), and its child JVMs stop when its pipe to them closes.
# $launcher, $jvm_flags and WHISPEER_E2E_JVM_ARGS are split into words on purpose.
# shellcheck disable=SC2086
$launcher "$jdk/bin/java" $jvm_flags ${WHISPEER_E2E_JVM_ARGS:-} -cp "$jar" io.whispeer.bench.e2e.E2eMain "$@" &
pid=$!
status=0
wait "$pid" || status=$?
pid=""
echo "compare.sh: finished in $(( $(date +%s) - started )) s with status $status (results in docs/benchmarks.md," \
  "chart in docs/benchmarks-compare.png unless the options said otherwise)" >&2
exit "$status"
