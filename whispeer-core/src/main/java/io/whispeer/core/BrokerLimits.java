package io.whispeer.core;

import java.time.Duration;

import io.whispeer.api.TopicRules;
import io.whispeer.api.spi.Settings;

/**
 * Every limit the broker enforces, read from settings once at build time. Each has a default and a setting; the
 * error that reports a crossed limit names the setting.
 *
 * @param topicRules         topic length and depth ({@code whispeer.topic.max-bytes}, {@code whispeer.topic.max-levels})
 * @param maxMessageBytes    largest encoded payload, also the bound on decompressed size ({@code whispeer.message.max-bytes})
 * @param maxHeaderBytes     largest total of header keys and values ({@code whispeer.headers.max-bytes})
 * @param queueCapacity      default subscription queue capacity ({@code whispeer.subscription.queue-capacity})
 * @param blockTimeout       default wait of a publisher on a full BLOCK queue ({@code whispeer.subscription.block-timeout})
 * @param closeTimeout       how long {@code close()} lets subscriptions drain ({@code whispeer.close-timeout})
 * @param routeCacheEntries  concrete topics whose routes are cached ({@code whispeer.route-cache.max-entries})
 * @param maxTrackedTopics   distinct topics counted in stats ({@code whispeer.stats.max-topics})
 */
record BrokerLimits(TopicRules topicRules, int maxMessageBytes, int maxHeaderBytes, int queueCapacity, Duration blockTimeout,
                    Duration closeTimeout, int routeCacheEntries, int maxTrackedTopics) {
    static final String MAX_MESSAGE_BYTES = "whispeer.message.max-bytes";
    static final String MAX_HEADER_BYTES = "whispeer.headers.max-bytes";
    static final String QUEUE_CAPACITY = "whispeer.subscription.queue-capacity";
    static final String BLOCK_TIMEOUT = "whispeer.subscription.block-timeout";
    static final String CLOSE_TIMEOUT = "whispeer.close-timeout";
    static final String ROUTE_CACHE_ENTRIES = "whispeer.route-cache.max-entries";
    static final String MAX_TRACKED_TOPICS = "whispeer.stats.max-topics";

    static final int DEFAULT_MAX_MESSAGE_BYTES = 8 << 20;
    static final int DEFAULT_MAX_HEADER_BYTES = 16 << 10;
    static final int DEFAULT_QUEUE_CAPACITY = 1024;
    static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_ROUTE_CACHE_ENTRIES = 16_384;
    static final int DEFAULT_MAX_TRACKED_TOPICS = 10_000;

    static BrokerLimits from(Settings s) {
        return new BrokerLimits(
                new TopicRules(s.getInt(TopicRules.MAX_BYTES_SETTING, TopicRules.DEFAULT_MAX_BYTES, 1, 65_535),
                        s.getInt(TopicRules.MAX_LEVELS_SETTING, TopicRules.DEFAULT_MAX_LEVELS, 1, 1024)),
                (int) s.getBytes(MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 1, 1 << 30),
                (int) s.getBytes(MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_BYTES, 0, 1 << 20),
                s.getInt(QUEUE_CAPACITY, DEFAULT_QUEUE_CAPACITY, 1, 1 << 24),
                s.getDuration(BLOCK_TIMEOUT, DEFAULT_BLOCK_TIMEOUT),
                s.getDuration(CLOSE_TIMEOUT, DEFAULT_CLOSE_TIMEOUT),
                s.getInt(ROUTE_CACHE_ENTRIES, DEFAULT_ROUTE_CACHE_ENTRIES, 16, 1 << 24),
                s.getInt(MAX_TRACKED_TOPICS, DEFAULT_MAX_TRACKED_TOPICS, 0, 1 << 24));
    }
}
