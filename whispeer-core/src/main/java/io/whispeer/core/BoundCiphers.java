package io.whispeer.core;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.KeyedCipher;

/**
 * The {@link KeyedCipher}s of one broker: {@link EncryptionEngine#forKey} must be called once per key for sealing,
 * because each bound object counts its own seals against {@link EncryptionEngine#maxMessagesPerKey()} and the
 * nonce-collision bound holds per key. This class makes that true for the pipeline.
 *
 * <p>Keys are told apart by cipher id and material (compared in constant time), never by object identity: key rings
 * may return a new {@link SecretKey} object per call for the same material ({@code whispeer-keys}' derived rings do).
 * <ul>
 *   <li><b>Sealing.</b> When the sealing engine has a limit, each key gets exactly one bound object, kept until
 *       {@link #close()}: evicting it would restart the count of a key that may still seal. A
 *       {@link io.whispeer.api.KeyRing#rotate rotation} makes a new key and hence a new bound object; the exhausted
 *       one stays and keeps refusing, in case the ring hands its key out again. So memory grows by one small entry
 *       per sealing key the broker ever used (a ring with a key per topic: one per topic published to), as the
 *       engines' own counts did before keys were bound. An engine without a limit has no count to keep, so its
 *       sealing objects are cached like the opening ones.</li>
 *   <li><b>Opening</b> is never counted: a bounded cache of at most {@value #MAX_CACHED} objects per use keyed by
 *       (cipher id, key material), which drops arbitrary entries when full.</li>
 * </ul>
 * Dropped objects are not closed, since another thread may still be using one; their key copies are left to the
 * garbage collector, as the key ring's own are. {@link #close()} closes every cached object. Thread-safe.
 */
final class BoundCiphers implements AutoCloseable {
    /** The most bound objects a bounded cache keeps. */
    static final int MAX_CACHED = 1024;

    private final EncryptionEngine sealingEngine;
    private final Cache sealing;
    private final Cache opening = new Cache(MAX_CACHED);

    /**
     * Creates the caches.
     *
     * @param sealingEngine the engine that seals new messages
     */
    BoundCiphers(EncryptionEngine sealingEngine) {
        this.sealingEngine = Objects.requireNonNull(sealingEngine, "sealingEngine");
        this.sealing = new Cache(sealingEngine.maxMessagesPerKey() == Long.MAX_VALUE ? MAX_CACHED : Integer.MAX_VALUE);
    }

    /** {@return the wire id of the sealing engine} */
    int sealingId() {
        return sealingEngine.id();
    }

    /**
     * {@return the one bound object that seals with a key's material}
     *
     * @param key a sealing key from the key ring
     * @throws io.whispeer.api.EncryptionException when the engine refuses the key (wrong size)
     */
    KeyedCipher forSealing(SecretKey key) {
        return sealing.get(sealingEngine, key);
    }

    /**
     * {@return a bound object that opens with a key's material under an engine}
     *
     * @param engine the engine the envelope names
     * @param key    the key the envelope's key id selects
     * @throws io.whispeer.api.EncryptionException when the engine refuses the key (wrong size)
     */
    KeyedCipher forOpening(EncryptionEngine engine, SecretKey key) {
        return opening.get(engine, key);
    }

    /** {@return how many sealing objects are cached, for tests} */
    int sealingSize() {
        return sealing.map.size();
    }

    /** {@return how many opening objects are cached, for tests} */
    int openingSize() {
        return opening.map.size();
    }

    /** Closes every cached bound object, zeroing their key copies and the cache's own. */
    @Override
    public void close() {
        sealing.close();
        opening.close();
    }

    /** {@return the cache sizes; never a key} */
    @Override
    public String toString() {
        return "BoundCiphers[sealing=" + sealing.map.size() + ", opening=" + opening.map.size() + "]";
    }

    /** Bound objects by (cipher id, key material), at most {@code max} of them. */
    private static final class Cache {
        private final int max;
        private final ConcurrentHashMap<KeyName, KeyedCipher> map = new ConcurrentHashMap<>();

        Cache(int max) {
            this.max = max;
        }

        KeyedCipher get(EncryptionEngine engine, SecretKey key) {
            Objects.requireNonNull(key, "key");
            byte[] material = key.getEncoded();
            if (material == null) {
                // forKey refuses it with the engine's own message
                return engine.forKey(key);
            }
            try {
                KeyedCipher cached = map.get(new KeyName(engine.id(), material));
                if (cached != null) {
                    return cached;
                }
                KeyName stored = new KeyName(engine.id(), material.clone());
                boolean[] inserted = {false};
                KeyedCipher bound;
                try {
                    bound = map.computeIfAbsent(stored, name -> {
                        inserted[0] = true;
                        return engine.forKey(key);
                    });
                } catch (RuntimeException e) {
                    stored.wipe();
                    throw e;
                }
                if (!inserted[0]) {
                    stored.wipe();
                } else if (map.size() > max) {
                    evictAllBut(stored);
                }
                return bound;
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        }

        /** Drops arbitrary entries down to three quarters of the maximum, so that eviction runs rarely. */
        private void evictAllBut(KeyName keep) {
            int target = max - max / 4;
            Iterator<KeyName> names = map.keySet().iterator();
            while (map.size() > target && names.hasNext()) {
                if (!names.next().equals(keep)) {
                    names.remove();
                }
            }
        }

        void close() {
            for (Map.Entry<KeyName, KeyedCipher> entry : map.entrySet()) {
                entry.getValue().close();
            }
            map.keySet().forEach(KeyName::wipe);
            map.clear();
        }
    }

    /** A cipher id and key material as a map key: equal by content, compared in constant time; never shown. */
    private static final class KeyName {
        private final int cipherId;
        private final byte[] material;
        private final int hash;

        KeyName(int cipherId, byte[] material) {
            this.cipherId = cipherId;
            this.material = material;
            this.hash = 31 * cipherId + Arrays.hashCode(material);
        }

        void wipe() {
            Arrays.fill(material, (byte) 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyName other && cipherId == other.cipherId && MessageDigest.isEqual(material, other.material);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "KeyName[cipher " + cipherId + ", <redacted>]";
        }
    }
}
