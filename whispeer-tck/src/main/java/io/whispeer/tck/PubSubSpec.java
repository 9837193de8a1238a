package io.whispeer.tck;

import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.whispeer.api.PubSub;
import io.whispeer.api.TopicFilter;

/**
 * What {@link PubSubCompatibilityKit} needs a {@link PubSub} under test to be configured with. An implementation's
 * {@link PubSubCompatibilityKit#newPubSub(PubSubSpec)} must apply all three parts; for the embedded broker they map
 * one to one onto {@code Whispeer.builder().topic(filter, type)}, {@code .property(key, value)} and
 * {@code .clock(clock)}.
 *
 * @param topicTypes declared topic types, filter to payload type, in declaration order: publishing or subscribing
 *                   with another type on a topic these filters match must fail with a
 *                   {@link io.whispeer.api.TypeMismatchException}
 * @param settings   {@code whispeer.*} settings, such as {@code whispeer.subscription.queue-capacity} and
 *                   {@code whispeer.close-timeout}; the instance must apply them as its builder would
 * @param clock      the clock that must stamp published messages ({@link io.whispeer.api.Message#timestamp()}) and
 *                   measure the age of waiting messages ({@link io.whispeer.api.SubscriptionStats#oldestPending()});
 *                   the kit's clock moves only when the kit advances it
 */
public record PubSubSpec(Map<String, Class<?>> topicTypes, Map<String, String> settings, InstantSource clock) {
    /**
     * Checks and copies the parts.
     *
     * @param topicTypes declared topic types; every key must be a valid topic filter
     * @param settings   settings
     * @param clock      the clock
     */
    public PubSubSpec {
        Objects.requireNonNull(topicTypes, "topicTypes");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        topicTypes.forEach((filter, type) -> {
            TopicFilter.parse(Objects.requireNonNull(filter, "topic filter"));
            Objects.requireNonNull(type, "type of " + filter);
        });
        settings.forEach((key, value) -> {
            Objects.requireNonNull(key, "setting key");
            Objects.requireNonNull(value, "value of " + key);
        });
        topicTypes = Collections.unmodifiableMap(new LinkedHashMap<>(topicTypes));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * A spec with no declared topics and no settings.
     *
     * @param clock the clock
     * @return the spec
     */
    public static PubSubSpec of(InstantSource clock) {
        return new PubSubSpec(Map.of(), Map.of(), clock);
    }

    /**
     * This spec with one more declared topic type.
     *
     * @param filter a topic filter
     * @param type   the payload type every topic it matches carries
     * @return a new spec
     */
    public PubSubSpec withTopic(String filter, Class<?> type) {
        Map<String, Class<?>> types = new LinkedHashMap<>(topicTypes);
        types.put(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(type, "type"));
        return new PubSubSpec(types, settings, clock);
    }

    /**
     * This spec with one more setting, replacing an earlier value of the same key.
     *
     * @param key   the setting's key
     * @param value its value
     * @return a new spec
     */
    public PubSubSpec withSetting(String key, String value) {
        Map<String, String> values = new LinkedHashMap<>(settings);
        values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new PubSubSpec(topicTypes, values, clock);
    }
}
