package io.whispeer.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.whispeer.api.KeyRing;
import io.whispeer.api.SealingKey;

/**
 * Keys derived per topic from master secrets: key = HKDF-SHA256(ikm = master, salt = none, info = "whispeer/v1" ‖
 * topic, 32 bytes). The envelope's key id names the master; the topic in the envelope names the derived key.
 * Rotation adds a new master as the primary and keeps the old ones for opening. Immutable and thread-safe; derived
 * keys are cached, so a topic's key is the same object for every message.
 */
public final class DerivedKeyRing implements KeyRing {
    static final byte[] INFO_PREFIX = "whispeer/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int CACHE_LIMIT = 65_536;

    private final Map<Integer, byte[]> masters;
    private final int primary;
    private final Map<String, SecretKey> cache = new ConcurrentHashMap<>();

    private DerivedKeyRing(Map<Integer, byte[]> masters, int primary) {
        this.masters = masters;
        this.primary = primary;
    }

    static DerivedKeyRing of(int masterId, byte[] master) {
        Map<Integer, byte[]> masters = new LinkedHashMap<>();
        masters.put(masterId, checkMaster(master));
        return new DerivedKeyRing(Collections.unmodifiableMap(masters), masterId);
    }

    /**
     * This ring rotated to a new master secret: new messages use it, old masters still open history.
     *
     * @param masterId a new id
     * @param master   the new master secret, 32 bytes
     * @return the rotated ring
     * @throws IllegalArgumentException when the id is already used
     */
    public DerivedKeyRing withMaster(int masterId, byte[] master) {
        if (masters.containsKey(masterId)) {
            throw new IllegalArgumentException("Master id " + Integer.toUnsignedString(masterId) + " is already in this ring; use a new id");
        }
        Map<Integer, byte[]> next = new LinkedHashMap<>(masters);
        next.put(masterId, checkMaster(master));
        return new DerivedKeyRing(Collections.unmodifiableMap(next), masterId);
    }

    @Override
    public SealingKey sealingKey(String topic) {
        return new SealingKey(primary, derive(topic, primary, masters.get(primary)));
    }

    @Override
    public Optional<SecretKey> key(String topic, int keyId) {
        byte[] master = masters.get(keyId);
        return master == null ? Optional.empty() : Optional.of(derive(topic, keyId, master));
    }

    private SecretKey derive(String topic, int masterId, byte[] master) {
        String cacheKey = masterId + "/" + topic;
        SecretKey key = cache.get(cacheKey);
        if (key == null) {
            byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
            byte[] info = Arrays.copyOf(INFO_PREFIX, INFO_PREFIX.length + topicBytes.length);
            System.arraycopy(topicBytes, 0, info, INFO_PREFIX.length, topicBytes.length);
            byte[] okm = Hkdf.sha256(master, new byte[0], info, KeyRings.KEY_BYTES);
            key = new SecretKeySpec(okm, "HKDF-SHA256");
            Arrays.fill(okm, (byte) 0);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            SecretKey raced = cache.putIfAbsent(cacheKey, key);
            key = raced != null ? raced : key;
        }
        return key;
    }

    private static byte[] checkMaster(byte[] master) {
        if (master.length != KeyRings.KEY_BYTES) {
            throw new IllegalArgumentException("Invalid master secret of " + master.length + " bytes; it must be " + KeyRings.KEY_BYTES
                    + " random bytes (KeyFiles.generate writes one)");
        }
        return master.clone();
    }

    /** {@return the master ids and the primary; never key material} */
    @Override
    public String toString() {
        return "DerivedKeyRing[masters=" + masters.keySet().stream().map(Integer::toUnsignedString).toList() + ", primary="
                + Integer.toUnsignedString(primary) + "]";
    }
}
