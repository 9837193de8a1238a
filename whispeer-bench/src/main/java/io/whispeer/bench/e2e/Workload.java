package io.whispeer.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code publishers} publisher connections to {@code subscribers} subscriber connections on one topic, with payloads
 * of {@code payloadSize} bytes. Every subscriber receives every publisher's messages (as {@code nats bench --pub 4
 * --sub 4} does), so one subscriber's rate is the sum of the publishers' rates.
 *
 * @param publishers publisher connections, 1 to {@link PayloadStamp#MAX_PUBLISHERS}
 * @param subscribers subscriber connections, at least 1
 * @param payloadSize payload bytes, at least {@link PayloadStamp#MIN_SIZE}
 */
record Workload(int publishers, int subscribers, int payloadSize) {
    Workload {
        if (publishers < 1 || publishers > PayloadStamp.MAX_PUBLISHERS) {
            throw new IllegalArgumentException("publishers is " + publishers + "; use 1 to " + PayloadStamp.MAX_PUBLISHERS);
        }
        if (subscribers < 1) {
            throw new IllegalArgumentException("subscribers is " + subscribers + "; use at least 1");
        }
        PayloadStamp.payload(payloadSize);
    }

    /**
     * {@return every shape of {@code shapes} (comma-separated {@code P->S}, e.g. {@code 1->1,1->5,4->4}) with every
     * size of {@code payloads} (comma-separated bytes), shapes outermost}
     */
    static List<Workload> matrix(List<String> shapes, List<Integer> payloads) {
        List<Workload> workloads = new ArrayList<>();
        for (String shape : shapes) {
            for (int size : payloads) {
                workloads.add(parse(shape, size));
            }
        }
        return workloads;
    }

    /** {@return the workload of {@code shape} ({@code P->S}, e.g. {@code 4->4}) and {@code payloadSize}} */
    static Workload parse(String shape, int payloadSize) {
        String[] parts = shape.trim().split("->", -1);
        try {
            if (parts.length == 2) {
                return new Workload(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), payloadSize);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Shape '" + shape + "' is not PUBLISHERS->SUBSCRIBERS; write e.g. 1->5 or 4->4");
    }

    /** {@return the shape, such as {@code 1->5} or {@code 4->4}} */
    String shape() {
        return publishers + "->" + subscribers;
    }

    /** {@return the payload size as written in the table: {@code 16 B}, {@code 1 KiB}} */
    String size() {
        return payloadSize % 1024 == 0 ? payloadSize / 1024 + " KiB" : payloadSize + " B";
    }
}
