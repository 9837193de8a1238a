package io.whispeer.bench.e2e;

/**
 * The measured row of one system and workload.
 *
 * @param system the adapter's name
 * @param workload the workload
 * @param perSubscriber messages per second received by each subscriber connection (mean over them), max-rate run
 * @param total messages per second received by all subscribers together, max-rate run
 * @param brokerCpuNanosPerDelivery broker CPU time per delivered message in the max-rate run, or -1 when unknown
 * @param fixedRate the publish rate of the latency run (messages per second)
 * @param latency publish-call-to-handler latency at {@code fixedRate}, all subscribers together
 * @param lost messages published but not received within the drain timeout, plus failed publishes
 */
record CellResult(String system, Workload workload, double perSubscriber, double total, long brokerCpuNanosPerDelivery,
        double fixedRate, LatencySummary latency, long lost) {
}
