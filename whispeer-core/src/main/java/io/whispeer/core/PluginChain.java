package io.whispeer.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.whispeer.api.Envelope;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.SubscriptionInfo;

/**
 * Runs plugin hooks in {@code order()}, isolating failures: an exception is counted, logged (the first few per
 * plugin), and never reaches the caller or the other plugins.
 */
final class PluginChain implements AutoCloseable {
    private static final int LOGGED_FAILURES_PER_PLUGIN = 10;

    private final Plugin[] plugins;
    private final AtomicInteger[] failures;
    private final LongAdder errors;

    PluginChain(List<Plugin> plugins, LongAdder errors) {
        List<Plugin> sorted = new ArrayList<>(plugins);
        sorted.sort(Comparator.comparingInt(Plugin::order).thenComparing(Plugin::name));
        this.plugins = sorted.toArray(Plugin[]::new);
        this.failures = new AtomicInteger[this.plugins.length];
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new AtomicInteger();
        }
        this.errors = errors;
    }

    List<String> names() {
        return java.util.Arrays.stream(plugins).map(Plugin::name).toList();
    }

    List<Plugin> plugins() {
        return List.of(plugins);
    }

    void onPublish(Envelope envelope) {
        each("onPublish", p -> p.onPublish(envelope));
    }

    void onSubscribe(SubscriptionInfo subscription) {
        each("onSubscribe", p -> p.onSubscribe(subscription));
    }

    void onUnsubscribe(SubscriptionInfo subscription) {
        each("onUnsubscribe", p -> p.onUnsubscribe(subscription));
    }

    void onDeliver(Envelope envelope, SubscriptionInfo subscription) {
        each("onDeliver", p -> p.onDeliver(envelope, subscription));
    }

    void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
        each("onDrop", p -> p.onDrop(envelope, subscription, reason));
    }

    void onReject(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
        each("onReject", p -> p.onReject(envelope, subscription, cause));
    }

    private void each(String hook, Consumer<Plugin> call) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                call.accept(plugins[i]);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, hook, e);
            }
        }
    }

    private void failed(int index, String hook, Throwable error) {
        errors.increment();
        int count = failures[index].incrementAndGet();
        if (count <= LOGGED_FAILURES_PER_PLUGIN) {
            CoreBroker.LOG.log(System.Logger.Level.WARNING, "Plugin '" + plugins[index].name() + "' failed in " + hook
                    + (count == LOGGED_FAILURES_PER_PLUGIN ? "; further failures of this plugin are counted, not logged" : ""), error);
        }
    }

    @Override
    public void close() {
        for (int i = plugins.length - 1; i >= 0; i--) {
            try {
                plugins[i].close();
            } catch (RuntimeException e) {
                failed(i, "close", e);
            }
        }
    }
}
