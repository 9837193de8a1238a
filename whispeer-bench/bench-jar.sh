# Sourced (not run) by run-benchmarks.sh and e2e-env.sh, from the repository root: picks the JDK and builds the bench
# jar unless WHISPEER_BENCH_SKIP_BUILD=1. Sets:
#   jdk        the JDK's home (.mvn/find-jdk.sh: the newest JDK >= 21)
#   jar        whispeer-bench/target/benchmarks.jar
#   jvm_flags  native access for zstd-jni, lz4-java and Netty on the class path, and on JDK 24+ the Unsafe access
#              that JMH 1.37 and Netty use, so that neither prints a warning

jdk=$(sh .mvn/find-jdk.sh)
export WHISPEER_JDK_REPORTED="$jdk" # ./mvnw below finds the same JDK and need not say so again

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
