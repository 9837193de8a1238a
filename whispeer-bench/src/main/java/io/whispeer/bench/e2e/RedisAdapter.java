package io.whispeer.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;

/**
 * Redis pub/sub: {@code redis-server} (Debian's 7.0) as a child process, driven by Jedis ({@code redis.clients:jedis}),
 * one connection per publisher and per subscriber. The harness topic is the channel name, as bytes.
 *
 * <p>Config ({@link #config(int)}): {@code bind 127.0.0.1}, {@code port PORT}, no persistence ({@code save ""},
 * {@code appendonly no}), {@code protected-mode no}, {@code daemonize no}, log to stdout (the harness's log file), and
 * {@code client-output-buffer-limit pubsub 0 0 0}. That last one is a fairness choice: by default Redis disconnects a
 * pub/sub subscriber whose output buffer passes 32 MiB (or 8 MiB for 60 s), which a max-rate run with a full window of
 * large payloads can reach; the other systems hold (or push back on) the backlog instead of dropping the subscriber, so
 * Redis is allowed to as well.
 *
 * <p>Flush policy: the publisher pipelines. {@link Publisher#publish(byte[])} appends a PUBLISH to a Jedis
 * {@link Pipeline}, which encodes it into the connection's 8 KiB output buffer at once (so the reused payload array is
 * not kept) and writes that buffer to the socket whenever it fills. {@link Publisher#flush()} writes out what is
 * buffered without waiting for replies; every 1,024 publishes the pipeline is synced (its replies, the subscriber
 * counts, are read), so the unread replies stay bounded. An exception from Jedis (such as a lost connection) is counted as a
 * failure.
 *
 * <p>Subscribers: a {@link BinaryJedisPubSub} on a dedicated thread per connection (Jedis' subscribe blocks), handing
 * each message's bytes to the receiver; close unsubscribes and closes the connection.
 */
final class RedisAdapter extends PeerAdapter {
    /** Publishes between two pipeline syncs. */
    static final int SYNC_EVERY = 1024;
    private static final int TIMEOUT_MILLIS = 10_000;

    RedisAdapter(String brokerCpus) {
        super(PeerSystems.REDIS, brokerCpus);
    }

    /** {@return the redis-server config for {@code port}} */
    static String config(int port) {
        return """
                # whispeer e2e: Redis pub/sub on loopback, no persistence, no auth.
                bind 127.0.0.1
                port %d
                protected-mode no
                daemonize no
                save ""
                appendonly no
                logfile ""
                client-output-buffer-limit pubsub 0 0 0
                """.formatted(port);
    }

    @Override
    public String name() {
        return PeerSystems.REDIS;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        Path binary = ExternalServer.require("redis-server", "/usr/bin/redis-server", "redis-server");
        server = ExternalServer.start("redis-server", binary, "redis.conf", RedisAdapter::config,
                config -> List.of(config.toString()), brokerCpus);
    }

    private JedisClientConfig clientConfig(String role) {
        return DefaultJedisClientConfig.builder().clientName("whispeer-e2e-" + role).connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS).build();
    }

    /** A Jedis connection whose buffered commands can be written out without reading their replies. */
    private static final class FlushableConnection extends Connection {
        FlushableConnection(HostAndPort address, JedisClientConfig config) {
            super(address, config);
        }

        void flushOut() {
            flush();
        }
    }

    @Override
    public Publisher publisher(String topic) {
        byte[] channel = topic.getBytes(StandardCharsets.UTF_8);
        FlushableConnection connection = new FlushableConnection(new HostAndPort("127.0.0.1", server.port()), clientConfig("publisher"));
        Pipeline pipeline = new Pipeline(connection);
        long baseline = failures.count();
        return new Publisher() {
            private int unsynced;

            @Override
            public void publish(byte[] payload) {
                try {
                    pipeline.publish(channel, payload);
                    if (++unsynced >= SYNC_EVERY) {
                        sync();
                    }
                } catch (RuntimeException e) {
                    failures.record("publish", e);
                }
            }

            private void sync() {
                unsynced = 0;
                pipeline.sync();
            }

            @Override
            public void flush() {
                try {
                    connection.flushOut();
                } catch (RuntimeException e) {
                    failures.record("flush", e);
                }
            }

            @Override
            public long failures() {
                return failures.count() - baseline;
            }

            @Override
            public void close() {
                try {
                    sync();
                } catch (RuntimeException e) {
                    failures.record("sync on close", e);
                } finally {
                    connection.close();
                }
            }
        };
    }

    @Override
    public AutoCloseable subscribe(String topic, Receiver receiver) throws IOException, InterruptedException {
        byte[] channel = topic.getBytes(StandardCharsets.UTF_8);
        Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()), clientConfig("subscriber"));
        jedis.getConnection().setTimeoutInfinite();
        CountDownLatch subscribed = new CountDownLatch(1);
        AtomicBoolean closing = new AtomicBoolean();
        BinaryJedisPubSub pubSub = new BinaryJedisPubSub() {
            @Override
            public void onMessage(byte[] ignoredChannel, byte[] message) {
                receiver.onMessage(message);
            }

            @Override
            public void onSubscribe(byte[] ignoredChannel, int subscribedChannels) {
                subscribed.countDown();
            }
        };
        Thread reader = new Thread(() -> {
            try {
                jedis.subscribe(pubSub, channel);
            } catch (RuntimeException e) {
                if (!closing.get()) {
                    failures.record("subscriber connection", e);
                }
            }
        }, "redis-subscriber");
        reader.setDaemon(true);
        reader.start();
        if (!subscribed.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            closing.set(true);
            jedis.close();
            throw new IOException("Redis did not confirm the subscription to '" + topic + "' within " + TIMEOUT_MILLIS / 1000 + " s");
        }
        return () -> {
            closing.set(true);
            try {
                pubSub.unsubscribe();
                reader.join(5_000);
            } finally {
                jedis.close();
            }
        };
    }
}
