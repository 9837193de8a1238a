package io.whispeer.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * How a subscription queues, delivers and reports. Unset values fall back to the broker's settings.
 * Create with {@link #builder()}; {@link #defaults()} is an empty builder's result.
 */
public final class SubscribeOptions {
    /** Default for {@link #maxDeliveries()}. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;
    /** Default for {@link #dedupWindow()}. */
    public static final int DEFAULT_DEDUP_WINDOW = 10_000;
    private static final SubscribeOptions DEFAULTS = builder().build();

    private final String name;
    private final int queueCapacity;
    private final OverflowPolicy overflowPolicy;
    private final Duration blockTimeout;
    private final Executor executor;
    private final QoS qos;
    private final int maxDeliveries;
    private final int dedupWindow;
    private final int maxInFlight;
    private final BiConsumer<Subscription, Throwable> errorListener;
    private final Replay replay;

    private SubscribeOptions(Builder b) {
        this.name = b.name;
        this.queueCapacity = b.queueCapacity;
        this.overflowPolicy = b.overflowPolicy;
        this.blockTimeout = b.blockTimeout;
        this.executor = b.executor;
        this.qos = b.qos;
        this.maxDeliveries = b.maxDeliveries;
        this.dedupWindow = b.dedupWindow;
        this.maxInFlight = b.maxInFlight;
        this.errorListener = b.errorListener;
        this.replay = b.replay;
    }

    /** {@return options with every value at its default} */
    public static SubscribeOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the name shown in stats and logs; the broker assigns one when empty} */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** {@return the queue capacity in messages; the broker's {@code whispeer.subscription.queue-capacity} when empty} */
    public OptionalInt queueCapacity() {
        return queueCapacity > 0 ? OptionalInt.of(queueCapacity) : OptionalInt.empty();
    }

    /** {@return what happens when the queue is full; {@link OverflowPolicy#BLOCK} by default} */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** {@return how long a publisher waits for room under BLOCK; the broker's {@code whispeer.subscription.block-timeout} when empty} */
    public Optional<Duration> blockTimeout() {
        return Optional.ofNullable(blockTimeout);
    }

    /** {@return the executor that runs the handler; a virtual thread per burst of messages when empty} */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** {@return the delivery guarantee; {@link QoS#AT_MOST_ONCE} by default} */
    public QoS qos() {
        return qos;
    }

    /** {@return how often a message is delivered at most under AT_LEAST_ONCE and EXACTLY_ONCE} */
    public int maxDeliveries() {
        return maxDeliveries;
    }

    /** {@return how many recently handled message ids EXACTLY_ONCE remembers} */
    public int dedupWindow() {
        return dedupWindow;
    }

    /** {@return how many async handler stages may be outstanding at once; 1 keeps strict order} */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** {@return who hears about handler failures and undeliverable messages; they are logged when empty} */
    public Optional<BiConsumer<Subscription, Throwable>> errorListener() {
        return Optional.ofNullable(errorListener);
    }

    /** {@return where a replay of stored messages starts before live ones; empty (the default) for live messages only} */
    public Optional<Replay> replay() {
        return Optional.ofNullable(replay);
    }

    @Override
    public String toString() {
        return "SubscribeOptions[name=" + name + ", queueCapacity=" + queueCapacity + ", overflowPolicy=" + overflowPolicy
                + ", blockTimeout=" + blockTimeout + ", qos=" + qos + ", maxDeliveries=" + maxDeliveries
                + ", dedupWindow=" + dedupWindow + ", maxInFlight=" + maxInFlight + (replay == null ? "" : ", replay=" + replay) + "]";
    }

    /** Builds {@link SubscribeOptions}. */
    public static final class Builder {
        private String name;
        private int queueCapacity;
        private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;
        private Duration blockTimeout;
        private Executor executor;
        private QoS qos = QoS.AT_MOST_ONCE;
        private int maxDeliveries = DEFAULT_MAX_DELIVERIES;
        private int dedupWindow = DEFAULT_DEDUP_WINDOW;
        private int maxInFlight = 1;
        private BiConsumer<Subscription, Throwable> errorListener;
        private Replay replay;

        private Builder() {
        }

        /**
         * Names the subscription in stats and logs.
         *
         * @param name a short name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = requireText(name, "name");
            return this;
        }

        /**
         * Sets the queue capacity.
         *
         * @param capacity messages, 1 to 16,777,216
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = requireRange("queueCapacity", capacity, 1, 1 << 24);
            return this;
        }

        /**
         * Sets the overflow policy.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how long a publisher waits for room under {@link OverflowPolicy#BLOCK}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder blockTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Invalid blockTimeout " + timeout + "; it must be positive");
            }
            this.blockTimeout = timeout;
            return this;
        }

        /**
         * Runs the handler on this executor instead of virtual threads. The subscription still runs one drain
         * task at a time, so order is kept.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets the delivery guarantee.
         *
         * @param qos the guarantee
         * @return this builder
         */
        public Builder qos(QoS qos) {
            this.qos = Objects.requireNonNull(qos, "qos");
            return this;
        }

        /**
         * Sets how often a failing message is delivered at most under AT_LEAST_ONCE and EXACTLY_ONCE.
         *
         * @param maxDeliveries 1 to 1000
         * @return this builder
         */
        public Builder maxDeliveries(int maxDeliveries) {
            this.maxDeliveries = requireRange("maxDeliveries", maxDeliveries, 1, 1000);
            return this;
        }

        /**
         * Sets how many handled ids EXACTLY_ONCE remembers.
         *
         * @param window 1 to 16,777,216 ids
         * @return this builder
         */
        public Builder dedupWindow(int window) {
            this.dedupWindow = requireRange("dedupWindow", window, 1, 1 << 24);
            return this;
        }

        /**
         * Sets how many async handler stages may be outstanding; above 1, handlers start in order but may finish in
         * any order.
         *
         * @param maxInFlight 1 to 65,536
         * @return this builder
         */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = requireRange("maxInFlight", maxInFlight, 1, 1 << 16);
            return this;
        }

        /**
         * Receives handler failures and messages that could not be opened or decoded.
         *
         * @param listener called on the subscription's thread; it must not block
         * @return this builder
         */
        public Builder errorListener(BiConsumer<Subscription, Throwable> listener) {
            this.errorListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Delivers stored messages matching the filter, from {@code from} on, before live ones: the subscription
         * first receives what the broker's message store holds (in store order), then every message published after
         * it subscribed, each exactly once, with nothing missing in between. Needs a broker with a store
         * ({@link BrokerBuilder#store}); subscribing fails at once otherwise.
         *
         * @param from where the replay starts
         * @return this builder
         */
        public Builder replay(Replay from) {
            this.replay = Objects.requireNonNull(from, "from");
            return this;
        }

        /** {@return the options} */
        public SubscribeOptions build() {
            return new SubscribeOptions(this);
        }

        private static int requireRange(String what, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException("Invalid " + what + " " + value + "; it must be between " + min + " and " + max);
            }
            return value;
        }

        private static String requireText(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank()) {
                throw new IllegalArgumentException("Invalid " + what + ": it is blank");
            }
            return value;
        }
    }
}
