package io.whispeer.bench.e2e;

/**
 * The measured row of one system and workload.
 *
 * @param system the adapter's name
 * @param guarantee the adapter's delivery guarantee, such as {@code at most once}
 * @param workload the workload
 * @param perSubscriber messages per second received by each subscriber connection (mean over them), max-rate run
 * @param total messages per second received by all subscribers together, max-rate run
 * @param brokerCpuNanosPerDelivery broker CPU time per delivered message in the max-rate run, or -1 when unknown
 * @param fixedRate messages per second each subscriber receives in the latency run (all publishers together)
 * @param latency publish-call-to-handler latency at {@code fixedRate}, all subscribers together
 * @param lost messages published but not received within the drain timeout, plus failed publishes
 */
record CellResult(String system, String guarantee, Workload workload, double perSubscriber, double total, long brokerCpuNanosPerDelivery,
        double fixedRate, LatencySummary latency, long lost) {
}
