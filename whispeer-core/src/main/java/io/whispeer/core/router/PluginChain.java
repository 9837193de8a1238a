package io.whispeer.core.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.whispeer.api.Envelope;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.Authorization;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.DropReason;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.SubscriptionInfo;

/**
 * Runs plugin hooks in {@code order()}, isolating failures: an exception from an observer hook is counted, logged
 * (the first few per plugin), and never reaches the caller or the other plugins; an exception from an
 * authorization hook denies (fail closed). With no plugins every call is a length check and nothing else.
 */
public final class PluginChain implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.whispeer.core");
    private static final int LOGGED_FAILURES_PER_PLUGIN = 10;

    private final Plugin[] plugins;
    private final AtomicInteger[] failures;
    private final LongAdder errors = new LongAdder();

    /**
     * Orders the plugins by {@code order()}, then name.
     *
     * @param plugins the plugins
     */
    public PluginChain(List<Plugin> plugins) {
        List<Plugin> sorted = new ArrayList<>(plugins);
        sorted.sort(Comparator.comparingInt(Plugin::order).thenComparing(Plugin::name));
        this.plugins = sorted.toArray(Plugin[]::new);
        this.failures = new AtomicInteger[this.plugins.length];
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new AtomicInteger();
        }
    }

    /** {@return the plugin names, in the order their hooks run} */
    public List<String> names() {
        return Arrays.stream(plugins).map(Plugin::name).toList();
    }

    /** {@return the plugins, in the order their hooks run} */
    public List<Plugin> plugins() {
        return List.of(plugins);
    }

    /** {@return how many hook calls threw} */
    public long errors() {
        return errors.sum();
    }

    /**
     * Asks every plugin whether a client may publish; the first denial wins.
     *
     * @param client   who publishes
     * @param envelope what
     * @return empty when allowed, else "plugin 'name': reason"
     */
    public Optional<String> authorizePublish(ClientInfo client, Envelope envelope) {
        for (int i = 0; i < plugins.length; i++) {
            Authorization decision;
            try {
                decision = plugins[i].authorizePublish(client, envelope);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "authorizePublish", e);
                decision = Authorization.deny("its authorization check failed (" + e.getClass().getSimpleName() + ")");
            }
            if (decision == null || !decision.isAllowed()) {
                return Optional.of("plugin '" + plugins[i].name() + "': " + (decision == null ? "it returned no decision"
                        : decision.reason().orElseThrow()));
            }
        }
        return Optional.empty();
    }

    /**
     * Asks every plugin whether a client may subscribe; the first denial wins.
     *
     * @param client who subscribes
     * @param filter to what
     * @return empty when allowed, else "plugin 'name': reason"
     */
    public Optional<String> authorizeSubscribe(ClientInfo client, TopicFilter filter) {
        for (int i = 0; i < plugins.length; i++) {
            Authorization decision;
            try {
                decision = plugins[i].authorizeSubscribe(client, filter);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "authorizeSubscribe", e);
                decision = Authorization.deny("its authorization check failed (" + e.getClass().getSimpleName() + ")");
            }
            if (decision == null || !decision.isAllowed()) {
                return Optional.of("plugin '" + plugins[i].name() + "': " + (decision == null ? "it returned no decision"
                        : decision.reason().orElseThrow()));
            }
        }
        return Optional.empty();
    }

    /**
     * Tells every plugin that a client connected.
     *
     * @param client the client
     */
    public void onConnect(ClientInfo client) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onConnect(client);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onConnect", e);
            }
        }
    }

    /**
     * Tells every plugin that a client disconnected.
     *
     * @param client the client
     * @param cause  why, when not orderly
     */
    public void onDisconnect(ClientInfo client, Optional<Throwable> cause) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onDisconnect(client, cause);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onDisconnect", e);
            }
        }
    }

    /**
     * Tells every plugin about a routed message.
     *
     * @param envelope the envelope
     */
    public void onPublish(Envelope envelope) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onPublish(envelope);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onPublish", e);
            }
        }
    }

    /**
     * Tells every plugin about a new subscription.
     *
     * @param subscription the subscription
     */
    public void onSubscribe(SubscriptionInfo subscription) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onSubscribe(subscription);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onSubscribe", e);
            }
        }
    }

    /**
     * Tells every plugin about an ended subscription.
     *
     * @param subscription the subscription
     */
    public void onUnsubscribe(SubscriptionInfo subscription) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onUnsubscribe(subscription);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onUnsubscribe", e);
            }
        }
    }

    /**
     * Tells every plugin about a delivery.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     */
    public void onDeliver(Envelope envelope, SubscriptionInfo subscription) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onDeliver(envelope, subscription);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onDeliver", e);
            }
        }
    }

    /**
     * Tells every plugin about a drop.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     * @param reason       why
     */
    public void onDrop(Envelope envelope, SubscriptionInfo subscription, DropReason reason) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onDrop(envelope, subscription, reason);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onDrop", e);
            }
        }
    }

    /**
     * Tells every plugin about a rejection.
     *
     * @param envelope     the envelope
     * @param subscription the subscription
     * @param cause        the failure
     */
    public void onReject(Envelope envelope, SubscriptionInfo subscription, WhispeerException cause) {
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].onReject(envelope, subscription, cause);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onReject", e);
            }
        }
    }

    private void failed(int index, String hook, Throwable error) {
        errors.increment();
        int count = failures[index].incrementAndGet();
        if (count <= LOGGED_FAILURES_PER_PLUGIN) {
            LOG.log(System.Logger.Level.WARNING, "Plugin '" + plugins[index].name() + "' failed in " + hook
                    + (count == LOGGED_FAILURES_PER_PLUGIN ? "; further failures of this plugin are counted, not logged" : ""), error);
        }
    }

    /** Closes the plugins in reverse order; failures are counted and logged. */
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
