#!/bin/sh
# Builds whispeer-bench (and the modules it needs) and runs its JMH benchmarks with short settings meant for a
# small (2-core) machine: one fork, 3 warm-up and 5 measured iterations of 1 s each.
#
#   whispeer-bench/run-benchmarks.sh [REGEX [JMH-OPTIONS...]]
#
#   REGEX         benchmarks to run (JMH regex); default: all of them ('.*').
#                 e.g. 'RoutingBenchmark|QueueBaseline', 'RouteCacheMiss', 'Compression' or 'EncryptionBenchmark'
#   JMH-OPTIONS   more JMH options, e.g. -p codec=bytes or -prof gc (java -jar whispeer-bench/target/benchmarks.jar -h);
#                 JMH refuses an option given twice, so change the settings below through the environment instead
#
# Environment:
#   WHISPEER_BENCH_SETTINGS    iterations and forks; default '-f 1 -wi 3 -w 1s -i 5 -r 1s' (1 forked JVM per
#                              benchmark, 3 warm-up iterations of 1 s, 5 measured iterations of 1 s)
#   WHISPEER_BENCH_SKIP_BUILD  1 reuses an existing whispeer-bench/target/benchmarks.jar
#
# Results: the console, and JSON in whispeer-bench/target/jmh-result.json. The routing set
# ('RoutingBenchmark|QueueBaseline|RouteCacheMiss', 41 configurations) takes about 7 minutes; the compression set
# ('Compression', 52 configurations, each in its own JVM) about 5 minutes with
# WHISPEER_BENCH_SETTINGS='-f 1 -wi 2 -w 1s -i 3 -r 1s' and about 8 with the default settings; the encryption set
# ('EncryptionBenchmark|SealedPipeline', 24 configurations) about 4 minutes; everything ('.*') about 20 minutes.
#
# JVM flags: zstd-jni and lz4-java load native libraries from the class path, which JDK 24+ reports with a warning
# unless the JVM runs with --enable-native-access=ALL-UNNAMED. The compression benchmarks pass it to their forked
# JVMs themselves (@Fork(jvmArgsAppend), overridden if you give -jvmArgsAppend yourself), the jar's manifest has
# Enable-Native-Access: ALL-UNNAMED for 'java -jar' itself, and this script also starts JMH with it; JMH hands the
# options of its own JVM to the forks unless -jvmArgs is given. On JDK 24+ the script also adds
# --sun-misc-unsafe-memory-access=allow, which silences the warning about JMH 1.37's own use of sun.misc.Unsafe.
#
# Runs from any directory; needs a JDK >= 21: JAVA_HOME when it is one, else `java` on PATH when it is one, else the
# newest under /usr/lib/jvm (.mvn/find-jdk.sh, which says on stderr which JDK it picked and why).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. whispeer-bench/bench-jar.sh

regex=${1:-.*}
[ $# -gt 0 ] && shift

settings=${WHISPEER_BENCH_SETTINGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}

# -foe true: stop at the first failing benchmark (a lost message fails loudly instead of producing a number).
# $jvm_flags and $settings are split into words on purpose.
# shellcheck disable=SC2086
exec "$jdk/bin/java" $jvm_flags -jar "$jar" $settings -foe true \
  -rf json -rff whispeer-bench/target/jmh-result.json \
  "$@" "$regex"
