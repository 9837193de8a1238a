package io.whispeer.tck;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.whispeer.api.Envelope;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.SubscriptionInfo;

/** The TCK's reference plugin: counts events and payload bytes, and nothing else. */
final class CountingPluginProvider implements PluginProvider {
    @Override
    public String name() {
        return "counting";
    }

    @Override
    public Plugin create(Settings settings) {
        return new CountingPlugin(settings.getInt("whispeer.plugin.counting.order", 100, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** Counts hook calls. */
    static final class CountingPlugin implements Plugin {
        final LongAdder events = new LongAdder();
        final LongAdder payloadBytes = new LongAdder();
        final AtomicBoolean started = new AtomicBoolean();
        final LongAdder closes = new LongAdder();
        private final int order;

        CountingPlugin(int order) {
            this.order = order;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public void start(PluginContext context) {
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("started twice");
            }
        }

        @Override
        public void onPublish(Envelope envelope) {
            events.increment();
            payloadBytes.add(envelope.payloadSize());
        }

        @Override
        public void onSubscribe(SubscriptionInfo subscription) {
            events.increment();
        }

        @Override
        public void onUnsubscribe(SubscriptionInfo subscription) {
            events.increment();
        }

        @Override
        public void onDeliver(Envelope envelope, SubscriptionInfo subscription) {
            events.increment();
        }

        @Override
        public void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
            events.increment();
        }

        @Override
        public void onReject(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
            events.increment();
        }

        @Override
        public void close() {
            closes.increment();
        }
    }
}
