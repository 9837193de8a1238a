package io.whispeer.keys;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.KeyRing;

/** Builds the key rings of this module. */
public final class KeyRings {
    /** The size of every whispeer key and master secret, in bytes. */
    public static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyRings() {
    }

    /**
     * One key for every topic.
     *
     * @param keyId the key id written into envelopes
     * @param key   a 32-byte key
     * @return the ring
     */
    public static KeyRing global(int keyId, SecretKey key) {
        return KeyRing.single(keyId, checkKey(key));
    }

    /** {@return a builder for a ring with one key per topic filter} */
    public static PerTopicKeyRing.Builder perTopic() {
        return PerTopicKeyRing.builder();
    }

    /**
     * Keys derived per topic from a master secret with HKDF-SHA256 (info = {@code "whispeer/v1"} followed by the topic
     * in UTF-8, no salt). Every holder of the master secret can publish and subscribe on every topic; a key derived
     * for one topic opens nothing on another.
     *
     * @param masterId the id of the master secret, written into envelopes as the key id
     * @param master   the master secret, 32 bytes; it is copied
     * @return the ring; {@link DerivedKeyRing#withMaster} rotates to a new master
     */
    public static DerivedKeyRing derived(int masterId, byte[] master) {
        return DerivedKeyRing.of(masterId, master);
    }

    /**
     * A ring of random keys that rotates by itself after {@code maxMessages} sealings or {@code maxAge}, and when an
     * engine reports a key exhausted, keeping {@code history} older keys for opening. Only the process that holds the
     * ring can open what it sealed, so it suits an embedded broker whose publishers and subscribers share it.
     *
     * @param maxMessages messages per key, at least 1
     * @param maxAge      age of a key, positive
     * @param history     old keys kept for opening, at least 1
     * @return the ring
     */
    public static RotatingKeyRing rotating(long maxMessages, Duration maxAge, int history) {
        return new RotatingKeyRing(maxMessages, maxAge, history, Clock.systemUTC(), RANDOM);
    }

    /** {@return a new random 32-byte key for the given algorithm name (informational, such as "AES" or "ChaCha20")} */
    static SecretKey randomKey(SecureRandom random, String algorithm) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return new SecretKeySpec(bytes, algorithm);
    }

    /** {@return a new random 32-byte key} */
    public static SecretKey generateKey() {
        return randomKey(RANDOM, "AES");
    }

    static SecretKey checkKey(SecretKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != KEY_BYTES) {
            throw new IllegalArgumentException("Invalid key of " + (encoded == null ? "unknown" : encoded.length)
                    + " bytes; whispeer keys are " + KEY_BYTES + " bytes (256 bits)");
        }
        return key;
    }
}
