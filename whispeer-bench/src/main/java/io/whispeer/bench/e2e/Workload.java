package io.whispeer.bench.e2e;

/**
 * One publisher to {@code subscribers} subscriber connections on one topic, with payloads of {@code payloadSize}
 * bytes.
 *
 * @param subscribers subscriber connections, at least 1
 * @param payloadSize payload bytes, at least {@link PayloadStamp#MIN_SIZE}
 */
record Workload(int subscribers, int payloadSize) {
    Workload {
        if (subscribers < 1) {
            throw new IllegalArgumentException("subscribers is " + subscribers + "; use at least 1");
        }
        PayloadStamp.payload(payloadSize);
    }

    /** {@return the shape, such as {@code 1->5}} */
    String shape() {
        return "1->" + subscribers;
    }

    /** {@return the payload size as written in the table: {@code 16 B}, {@code 1 KiB}} */
    String size() {
        return payloadSize % 1024 == 0 ? payloadSize / 1024 + " KiB" : payloadSize + " B";
    }
}
