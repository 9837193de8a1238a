package io.whispeer.bench.e2e;

import java.util.OptionalLong;

import io.whispeer.api.Broker;
import io.whispeer.api.OverflowPolicy;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.Whispeer;

/**
 * {@code inproc-whispeer}: an embedded whispeer broker ({@code Whispeer.builder().compression("none").build()}, no
 * encryption, no transport) in the load generator's JVM, publishing {@code byte[]} (the bytes codec copies the
 * payload at publish, so the harness may reuse its array) to subscriptions with {@link OverflowPolicy#BLOCK} and
 * 4096 slots, as the remote rows use. No broker process: {@link #brokerPid()} is empty.
 */
final class InProcessWhispeerAdapter implements SystemAdapter {
    private static final int QUEUE_CAPACITY = 4096;
    private Broker broker;

    @Override
    public String name() {
        return "inproc-whispeer";
    }

    @Override
    public void start() {
        broker = Whispeer.builder().compression("none").build();
    }

    @Override
    public Publisher publisher(String topic) {
        return WhispeerAdapter.publisher(name(), broker, topic, () -> {
            // the broker is closed with the adapter
        });
    }

    @Override
    public AutoCloseable subscribe(String topic, Receiver receiver) {
        Subscription subscription = broker.subscribe(topic, byte[].class, message -> receiver.onMessage(message.payload()),
                SubscribeOptions.builder().overflowPolicy(OverflowPolicy.BLOCK).queueCapacity(QUEUE_CAPACITY).build());
        return subscription::close;
    }

    @Override
    public OptionalLong brokerPid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
