/**
 * The end-to-end loopback benchmark: a load generator (a plain {@code main}, not JMH) that drives each messaging
 * system through one small adapter interface ({@link io.whispeer.bench.e2e.SystemAdapter}), measures max-rate
 * throughput and fixed-rate latency (HdrHistogram, send time carried in the payload), and prints one table. The
 * brokers run in child JVMs started and stopped by the harness. Run it with {@code whispeer-bench/run-e2e.sh}; it never
 * runs during the build.
 */
package io.whispeer.bench.e2e;
