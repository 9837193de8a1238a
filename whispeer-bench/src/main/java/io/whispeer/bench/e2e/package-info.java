/**
 * The end-to-end loopback benchmark: a load generator (a plain {@code main}, not JMH) that drives each messaging
 * system through one small adapter interface ({@link io.whispeer.bench.e2e.SystemAdapter}), measures max-rate
 * throughput and fixed-rate latency (HdrHistogram, send time carried in the payload), and prints the tables (and
 * optionally a chart and a section of docs/benchmarks.md). The brokers run in child JVMs or server processes started
 * and stopped by the harness; the in-process systems (embedded whispeer, a queue hand-off, the LMAX Disruptor) run in
 * the load generator's JVM. Run it with {@code whispeer-bench/run-e2e.sh} or {@code whispeer-bench/compare.sh}; it
 * never runs during the build.
 */
package io.whispeer.bench.e2e;
