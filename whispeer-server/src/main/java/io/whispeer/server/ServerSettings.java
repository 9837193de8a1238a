package io.whispeer.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportSettings;

/**
 * Every limit and policy of the server, read once from the broker's settings under {@value #SCOPE}. Each has a
 * default and a setting; an unknown key under the scope is an error that names the known keys.
 *
 * @param maxConnections          open connections at once ({@code max-connections}, 10,000)
 * @param maxConnectionsPerAddress open connections from one IP address ({@code max-connections-per-address}, 1,000)
 * @param maxSubscriptions        open subscriptions per connection ({@code max-subscriptions-per-connection}, 1,000)
 * @param maxPendingOutboundBytes bytes written to a connection and not yet sent, beyond which the server stops taking
 *                                from its subscription queues, whose overflow policies then apply
 *                                ({@code max-pending-outbound-bytes}, 1 MiB; at least the transport's write buffer
 *                                high water mark)
 * @param handshakeTimeout        how long a connection may take to send a CONNECT that is accepted
 *                                ({@code handshake-timeout}, 10 s)
 * @param keepAlive               the keep-alive interval announced to clients; a connection silent for twice as long
 *                                is closed ({@code keep-alive}, 30 s)
 * @param slowConsumer            what happens to a slow consumer ({@code slow-consumer}: {@code disconnect}, the
 *                                default, or {@code drop})
 * @param slowConsumerTimeout     how long a connection may stay at its outbound limit while one of its queues is full
 *                                before it counts as a slow consumer ({@code slow-consumer-timeout}, 5 s)
 * @param serverId                the name announced in CONNACK ({@code server-id}, {@code whispeer})
 */
record ServerSettings(int maxConnections, int maxConnectionsPerAddress, int maxSubscriptions, long maxPendingOutboundBytes,
                      Duration handshakeTimeout, Duration keepAlive, SlowConsumerPolicy slowConsumer, Duration slowConsumerTimeout,
                      String serverId) {
    static final String SCOPE = "whispeer.server.";
    static final String MAX_CONNECTIONS = "max-connections";
    static final String MAX_CONNECTIONS_PER_ADDRESS = "max-connections-per-address";
    static final String MAX_SUBSCRIPTIONS = "max-subscriptions-per-connection";
    static final String MAX_PENDING_OUTBOUND_BYTES = "max-pending-outbound-bytes";
    static final String HANDSHAKE_TIMEOUT = "handshake-timeout";
    static final String KEEP_ALIVE = "keep-alive";
    static final String SLOW_CONSUMER = "slow-consumer";
    static final String SLOW_CONSUMER_TIMEOUT = "slow-consumer-timeout";
    static final String SERVER_ID = "server-id";

    /** The keys this class reads; the authentication keys are read by {@code io.whispeer.server.auth}. */
    static final Set<String> KEYS = Set.of(MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_SUBSCRIPTIONS, MAX_PENDING_OUTBOUND_BYTES,
            HANDSHAKE_TIMEOUT, KEEP_ALIVE, SLOW_CONSUMER, SLOW_CONSUMER_TIMEOUT, SERVER_ID);

    /** What happens to a subscriber whose connection cannot keep up. */
    enum SlowConsumerPolicy {
        /** Close its connection with an ERROR SLOW_CONSUMER that says why. */
        DISCONNECT,
        /** Keep the connection, drop what waits in its full queues, and count the drops. */
        DROP
    }

    /**
     * Reads the settings.
     *
     * @param settings  the broker's settings
     * @param otherKeys further keys under the scope that other parts of the server read (relative to the scope)
     * @return the server settings
     * @throws ConfigurationException when a value is out of range or a key is unknown
     */
    static ServerSettings from(Settings settings, Set<String> otherKeys) {
        Settings s = settings.scoped(SCOPE);
        checkKeys(s, otherKeys);
        TransportSettings transport = TransportSettings.from(settings.scoped("whispeer.transport."));
        long maxPending = s.getBytes(MAX_PENDING_OUTBOUND_BYTES, 1 << 20, 1, Long.MAX_VALUE);
        if (maxPending < transport.writeBufferHighWaterMark()) {
            throw new ConfigurationException("Invalid " + SCOPE + MAX_PENDING_OUTBOUND_BYTES + "=" + maxPending + ": it must be at least "
                    + TransportSettings.WRITE_BUFFER_HIGH_WATER_MARK + "=" + transport.writeBufferHighWaterMark()
                    + ", or a connection at its limit is never woken up. Raise it or lower the high water mark.");
        }
        Duration keepAlive = positive(s, KEEP_ALIVE, Duration.ofSeconds(30));
        String policy = s.get(SLOW_CONSUMER, "disconnect").trim().toLowerCase(Locale.ROOT);
        SlowConsumerPolicy slow = switch (policy) {
            case "disconnect" -> SlowConsumerPolicy.DISCONNECT;
            case "drop" -> SlowConsumerPolicy.DROP;
            default -> throw new ConfigurationException("Invalid " + SCOPE + SLOW_CONSUMER + "='" + policy + "': use disconnect or drop.");
        };
        return new ServerSettings(
                s.getInt(MAX_CONNECTIONS, 10_000, 1, Integer.MAX_VALUE),
                s.getInt(MAX_CONNECTIONS_PER_ADDRESS, 1_000, 1, Integer.MAX_VALUE),
                s.getInt(MAX_SUBSCRIPTIONS, 1_000, 1, Integer.MAX_VALUE),
                maxPending,
                positive(s, HANDSHAKE_TIMEOUT, Duration.ofSeconds(10)),
                keepAlive,
                slow,
                positive(s, SLOW_CONSUMER_TIMEOUT, Duration.ofSeconds(5)),
                s.get(SERVER_ID, "whispeer"));
    }

    private static Duration positive(Settings s, String key, Duration defaultValue) {
        Duration d = s.getDuration(key, defaultValue);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new ConfigurationException("Invalid " + SCOPE + key + "=" + d + ": use a duration above 0 and below 24 days, such as 10s.");
        }
        return d;
    }

    private static void checkKeys(Settings scoped, Set<String> otherKeys) {
        Set<String> known = new TreeSet<>(KEYS);
        known.addAll(otherKeys);
        List<String> unknown = new ArrayList<>();
        for (String key : scoped.asMap().keySet()) {
            if (!known.contains(key)) {
                unknown.add(SCOPE + key);
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.get(0).substring(SCOPE.length());
            String hint = Settings.closest(first, known).map(k -> " Did you mean " + SCOPE + k + "?").orElse("");
            throw new ConfigurationException("Unknown server setting(s) " + unknown + "." + hint + " The server reads "
                    + known.stream().map(k -> SCOPE + k).toList() + ".");
        }
    }
}
