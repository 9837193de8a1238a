# Sourced (not run) by run-e2e.sh and compare.sh, from the repository root: picks the JDK, builds the bench jar unless
# WHISPEER_BENCH_SKIP_BUILD=1, and decides the pinning. Sets:
#   jdk          the JDK's home (.mvn/find-jdk.sh: the newest JDK >= 21)
#   jar          whispeer-bench/target/benchmarks.jar
#   jvm_flags    the load generator's JVM options (native access for zstd-jni and lz4-java; Unsafe on JDK 24+)
#   launcher     "taskset -c 0" when pinned, else empty
#   broker_cpus  "1" when pinned (E2eMain's --broker-cpus), else empty
# Environment: WHISPEER_E2E_PIN (1, 0 or auto: pinned when taskset exists and there are at least 2 CPUs),
# WHISPEER_BENCH_SKIP_BUILD.

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

jvm_flags="--enable-native-access=ALL-UNNAMED -Djava.awt.headless=true"
feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
if [ "${feature:-0}" -ge 24 ]; then
  jvm_flags="$jvm_flags --sun-misc-unsafe-memory-access=allow"
fi

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
