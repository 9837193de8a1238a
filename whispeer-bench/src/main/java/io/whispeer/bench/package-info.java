/**
 * JMH benchmarks of whispeer, each measured against a baseline in the same run so that results are read as ratios,
 * not as absolute numbers of one machine. Run them with {@code whispeer-bench/run-benchmarks.sh}; they never run
 * during the build.
 */
package io.whispeer.bench;
