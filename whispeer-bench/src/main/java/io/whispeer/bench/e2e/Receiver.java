package io.whispeer.bench.e2e;

/** Where an adapter hands each message a subscriber connection receives. */
interface Receiver {
    /**
     * Called once per received message, by one thread at a time per subscriber connection.
     *
     * @param payload the payload exactly as published; the receiver must not keep it after returning
     */
    void onMessage(byte[] payload);
}
