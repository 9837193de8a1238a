package io.whispeer.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;

/**
 * The client's own settings, under {@code whispeer.client.}, read and checked once per connect. An unknown key under
 * that prefix is an error naming the closest known key, because the core leaves this scope to the client.
 *
 * @param connectTimeout       how long one connection attempt may take until the server's CONNACK
 * @param requestTimeout       how long a subscribe waits for the server's SUBACK
 * @param reconnectInitial     the first reconnect delay, before jitter
 * @param reconnectMax         the largest reconnect delay, before jitter
 * @param reconnectMaxAttempts reconnect attempts before giving up; -1 for no limit
 * @param publishBufferMax     publishes kept while disconnected
 * @param drainTimeout         how long {@code drain()} may take
 * @param keepAlive            the keep-alive interval proposed to the server; zero leaves it to the server
 */
record ClientSettings(Duration connectTimeout, Duration requestTimeout, Duration reconnectInitial, Duration reconnectMax,
                      int reconnectMaxAttempts, int publishBufferMax, Duration drainTimeout, Duration keepAlive) {
    static final String PREFIX = "whispeer.client.";
    static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout";
    static final String REQUEST_TIMEOUT = PREFIX + "request-timeout";
    static final String RECONNECT_INITIAL_DELAY = PREFIX + "reconnect.initial-delay";
    static final String RECONNECT_MAX_DELAY = PREFIX + "reconnect.max-delay";
    static final String RECONNECT_MAX_ATTEMPTS = PREFIX + "reconnect.max-attempts";
    static final String PUBLISH_BUFFER_MAX_MESSAGES = PREFIX + "publish-buffer.max-messages";
    static final String DRAIN_TIMEOUT = PREFIX + "drain-timeout";
    static final String KEEP_ALIVE = PREFIX + "keep-alive";
    /** Every key this module reads. */
    static final List<String> KNOWN = List.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, RECONNECT_INITIAL_DELAY, RECONNECT_MAX_DELAY,
            RECONNECT_MAX_ATTEMPTS, PUBLISH_BUFFER_MAX_MESSAGES, DRAIN_TIMEOUT, KEEP_ALIVE);

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_RECONNECT_INITIAL_DELAY = Duration.ofMillis(100);
    static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(5);
    static final int DEFAULT_RECONNECT_MAX_ATTEMPTS = -1;
    static final int DEFAULT_PUBLISH_BUFFER_MAX_MESSAGES = 8192;
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** The largest keep-alive the wire can carry (uint32 milliseconds, kept within an int). */
    private static final Duration MAX_KEEP_ALIVE = Duration.ofMillis(Integer.MAX_VALUE);

    /**
     * Reads and checks the client's settings.
     *
     * @param settings all settings, full keys
     * @return the client settings
     * @throws ConfigurationException for an unknown {@code whispeer.client.*} key or a value out of range
     */
    static ClientSettings from(Settings settings) {
        List<String> unknown = new ArrayList<>();
        for (String key : settings.asMap().keySet()) {
            if (key.startsWith(PREFIX) && !KNOWN.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            StringBuilder message = new StringBuilder();
            for (String key : unknown) {
                message.append("Unknown client setting ").append(key).append("; ").append(closest(key)
                        .map(k -> "did you mean " + k + "?")
                        .orElse("whispeer-client reads only " + String.join(", ", KNOWN) + ".")).append(' ');
            }
            throw new ConfigurationException(message.append("Fix or remove it.").toString());
        }
        Duration connect = positive(settings, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
        Duration request = positive(settings, REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
        Duration initial = positive(settings, RECONNECT_INITIAL_DELAY, DEFAULT_RECONNECT_INITIAL_DELAY);
        Duration max = positive(settings, RECONNECT_MAX_DELAY, DEFAULT_RECONNECT_MAX_DELAY);
        if (max.compareTo(initial) < 0) {
            throw new ConfigurationException("Invalid " + RECONNECT_MAX_DELAY + "=" + max + ": it must not be below "
                    + RECONNECT_INITIAL_DELAY + "=" + initial + ". Raise the maximum or lower the initial delay.");
        }
        int attempts = settings.getInt(RECONNECT_MAX_ATTEMPTS, DEFAULT_RECONNECT_MAX_ATTEMPTS, -1, Integer.MAX_VALUE);
        int buffer = settings.getInt(PUBLISH_BUFFER_MAX_MESSAGES, DEFAULT_PUBLISH_BUFFER_MAX_MESSAGES, 0, 1 << 24);
        Duration drain = positive(settings, DRAIN_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
        Duration keepAlive = settings.getDuration(KEEP_ALIVE, Duration.ZERO);
        if (keepAlive.isNegative() || keepAlive.compareTo(MAX_KEEP_ALIVE) > 0) {
            throw new ConfigurationException("Invalid " + KEEP_ALIVE + "=" + keepAlive + ": use 0 (the server decides) to "
                    + MAX_KEEP_ALIVE.toMillis() + "ms.");
        }
        return new ClientSettings(connect, request, initial, max, attempts, buffer, drain, keepAlive);
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.getDuration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException("Invalid " + key + "=" + value + ": use a positive duration such as "
                    + defaultValue.toMillis() + "ms (the default).");
        }
        return value;
    }

    /** {@return the known key closest to {@code key} by edit distance, when it is close enough to be a typo} */
    static Optional<String> closest(String key) {
        return Settings.closest(key, KNOWN);
    }
}
