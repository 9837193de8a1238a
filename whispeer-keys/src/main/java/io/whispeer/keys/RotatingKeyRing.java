package io.whispeer.keys;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import javax.crypto.SecretKey;

import io.whispeer.api.KeyRing;
import io.whispeer.api.SealingKey;

/**
 * Random keys that rotate by message count, by age, and on demand (when an engine reports a key exhausted). Old
 * keys are kept, up to a history limit, to open messages sealed before a rotation. Thread-safe.
 */
public final class RotatingKeyRing implements KeyRing {
    private record Generation(int id, SecretKey key, Instant created) {
    }

    private final long maxMessages;
    private final Duration maxAge;
    private final int history;
    private final Clock clock;
    private final SecureRandom random;
    private final Deque<Generation> generations = new ArrayDeque<>();
    private long used;

    RotatingKeyRing(long maxMessages, Duration maxAge, int history, Clock clock, SecureRandom random) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("Invalid maxMessages " + maxMessages + "; it must be at least 1");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("Invalid maxAge " + maxAge + "; it must be positive");
        }
        if (history < 1) {
            throw new IllegalArgumentException("Invalid history " + history + "; keep at least 1 old key");
        }
        this.maxMessages = maxMessages;
        this.maxAge = maxAge;
        this.history = history;
        this.clock = clock;
        this.random = random;
        generations.addFirst(new Generation(1, KeyRings.randomKey(random, "AES"), clock.instant()));
    }

    @Override
    public synchronized SealingKey sealingKey(String topic) {
        Generation current = generations.peekFirst();
        if (used >= maxMessages || !clock.instant().isBefore(current.created().plus(maxAge))) {
            current = next();
        }
        used++;
        return new SealingKey(current.id(), current.key());
    }

    @Override
    public synchronized Optional<SecretKey> key(String topic, int keyId) {
        for (Generation g : generations) {
            if (g.id() == keyId) {
                return Optional.of(g.key());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean rotate(String topic) {
        next();
        return true;
    }

    /** {@return the id of the key that seals now} */
    public synchronized int currentKeyId() {
        return generations.peekFirst().id();
    }

    private Generation next() {
        Generation next = new Generation(generations.peekFirst().id() + 1, KeyRings.randomKey(random, "AES"), clock.instant());
        generations.addFirst(next);
        while (generations.size() > history + 1) {
            generations.removeLast();
        }
        used = 0;
        return next;
    }

    /** {@return the key ids held; never key material} */
    @Override
    public synchronized String toString() {
        return "RotatingKeyRing[current=" + generations.peekFirst().id() + ", held=" + generations.stream().map(Generation::id).toList()
                + ", maxMessages=" + maxMessages + ", maxAge=" + maxAge + "]";
    }
}
