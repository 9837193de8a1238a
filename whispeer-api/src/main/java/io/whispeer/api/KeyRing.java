package io.whispeer.api;

import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Answers the two questions sealing and opening ask: which key seals topic X now, and which key has id N. Keys
 * live in the publisher's and subscriber's processes only; they are never sent to a broker, logged, or shown by
 * {@code toString()}. Implementations must be thread-safe.
 */
public interface KeyRing {
    /**
     * The key that seals new messages on a topic.
     *
     * @param topic a concrete topic
     * @return the key and its id
     * @throws EncryptionException when no key covers the topic; the message names the topic
     */
    SealingKey sealingKey(String topic);

    /**
     * The key with an id, for opening a message of a topic. Implementations must look the id up; they must never
     * try keys in turn. The topic lets rings that derive a key per topic derive it; others ignore it.
     *
     * @param topic the concrete topic of the message
     * @param keyId an unsigned 32-bit key id from the envelope
     * @return the key, or empty when this ring does not hold it
     */
    Optional<SecretKey> key(String topic, int keyId);

    /**
     * Makes a new key the sealing key of a topic, keeping the old one for opening. The broker calls this when an
     * engine refuses a key that reached its usage limit ({@link KeyUsageLimitException}) and retries once.
     *
     * @param topic the topic whose sealing key is exhausted
     * @return {@code true} when the ring rotated; {@code false} (the default) for rings that cannot rotate by
     *     themselves, in which case the publish fails with the engine's exception
     */
    default boolean rotate(String topic) {
        return false;
    }

    /**
     * A ring with one key for every topic.
     *
     * @param keyId the key id written into envelopes
     * @param key   the key
     * @return the ring
     */
    static KeyRing single(int keyId, SecretKey key) {
        Objects.requireNonNull(key, "key");
        SealingKey sealing = new SealingKey(keyId, key);
        return new KeyRing() {
            @Override
            public SealingKey sealingKey(String topic) {
                return sealing;
            }

            @Override
            public Optional<SecretKey> key(String topic, int id) {
                return id == keyId ? Optional.of(key) : Optional.empty();
            }

            @Override
            public String toString() {
                return "KeyRing[single keyId=" + Integer.toUnsignedString(keyId) + "]";
            }
        };
    }
}
