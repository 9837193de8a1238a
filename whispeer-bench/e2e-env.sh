# Sourced (not run) by run-e2e.sh and compare.sh, from the repository root: picks the JDK and builds the bench jar
# unless WHISPEER_BENCH_SKIP_BUILD=1 (bench-jar.sh), and decides the pinning. Sets:
#   jdk          the JDK's home (.mvn/find-jdk.sh: the newest JDK >= 21)
#   jar          whispeer-bench/target/benchmarks.jar
#   jvm_flags    the load generator's JVM options (bench-jar.sh's, and headless AWT for the chart)
#   launcher     "taskset -c 0" when pinned, else empty
#   broker_cpus  "1" when pinned (E2eMain's --broker-cpus), else empty
# Environment: WHISPEER_E2E_PIN (1, 0 or auto: pinned when taskset exists and there are at least 2 CPUs),
# WHISPEER_BENCH_SKIP_BUILD.

. whispeer-bench/bench-jar.sh
jvm_flags="$jvm_flags -Djava.awt.headless=true"

pin=${WHISPEER_E2E_PIN:-auto}
if [ "$pin" = auto ]; then
  if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then pin=1; else pin=0; fi
fi
if [ "$pin" = 1 ]; then
  echo "e2e: load generator on CPU 0, brokers on CPU 1 (taskset)" >&2
  launcher="taskset -c 0"
  broker_cpus=1
else
  echo "e2e: not pinned" >&2
  launcher=""
  broker_cpus=""
fi
