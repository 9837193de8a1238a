package io.whispeer.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.Envelope;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TopicDeclaration;

/**
 * The encryption engines present. Selection for sealing: the explicit name, else the only engine present; none or
 * several without a choice is an error, never a guess and never a fallback to plaintext.
 */
final class EncryptionRegistry implements AutoCloseable {
    static final String ENCRYPTION_SETTING = "whispeer.encryption";
    /** Nonces of at most this many bytes (96 bits) are drawn at random only under a per-key message count. */
    private static final int SHORT_NONCE_BYTES = 12;
    private static final Function<EncryptionEngineProvider, String> NAME = EncryptionEngineProvider::name;

    private final List<EncryptionEngineProvider> providers;
    private final Settings settings;
    private final Map<String, EncryptionEngine> engines = new ConcurrentHashMap<>();
    private final EncryptionEngine sealing;
    private final BoundCiphers bound;

    EncryptionRegistry(List<EncryptionEngineProvider> found, Settings settings, Optional<String> chosen) {
        Providers.validate(KnownProvider.ENCRYPTION, found, NAME, EncryptionEngineProvider::id);
        this.providers = List.copyOf(found);
        this.settings = settings;
        Optional<String> explicit = chosen.or(() -> settings.get(ENCRYPTION_SETTING));
        List<EncryptionEngineProvider> defaults = found.stream().filter(EncryptionEngineProvider::isDefault).toList();
        if (explicit.isPresent()) {
            this.sealing = byName(explicit.get());
        } else if (defaults.size() == 1) {
            this.sealing = byName(defaults.get(0).name());
        } else if (found.isEmpty()) {
            throw new ConfigurationException("A key ring was given, but no encryption engine is on the module path or class path;"
                    + " add io.whispeer:whispeer-crypto-chacha or io.whispeer:whispeer-crypto-aesgcm (versions come from whispeer-bom).");
        } else {
            throw new ConfigurationException("Several encryption engines are present and none was chosen: "
                    + Providers.describeAll(providers, NAME) + ". Choose one with " + ENCRYPTION_SETTING
                    + "=<name> or Whispeer.builder().encryption(name, keyRing); whispeer never picks a cipher for you.");
        }
        this.bound = new BoundCiphers(sealing);
    }

    /**
     * {@return the encryption engines found on the module path and class path}
     *
     * @throws ConfigurationException when a provider cannot be loaded, naming it, its jar and the cause: skipping
     *                                it could silently change which cipher is chosen ("several, choose one" would
     *                                become "the only one"), so it fails even when another engine is chosen
     */
    static List<EncryptionEngineProvider> discover() {
        return Providers.loadAll(ServiceLoader.load(EncryptionEngineProvider.class), EncryptionEngineProvider.class,
                Providers.failBuild(KnownProvider.ENCRYPTION, "whispeer does not skip a broken encryption provider: that could"
                        + " change which cipher is chosen."));
    }

    /** {@return the engine that seals new messages} */
    EncryptionEngine sealing() {
        return sealing;
    }

    /** {@return the keys bound to engines: one sealing object per key, a bounded cache for opening} */
    BoundCiphers bound() {
        return bound;
    }

    private EncryptionEngine byName(String name) {
        EncryptionEngine engine = engines.get(name);
        if (engine != null) {
            return engine;
        }
        EncryptionEngineProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException(ENCRYPTION_SETTING + "=" + name + ", but no encryption engine of that"
                        + " name is on the module path or class path; " + KnownProvider.whatToAdd(KnownProvider.ENCRYPTION, name)
                        + ". Found: " + Providers.describeAll(providers, NAME) + "."));
        return engines.computeIfAbsent(name, n -> provider.create(settings.scoped(KnownSettings.scope(KnownSettings.ENCRYPTION_SCOPE, n))));
    }

    /**
     * Checks what the broker was built with against the sealing cipher: every cipher a topic policy allows must be
     * present, and a key ring that cannot rotate by itself used with a 96-bit-nonce cipher gets a warning, since its
     * per-key limit is counted per process (see {@code docs/SECURITY.md}).
     *
     * @throws ConfigurationException naming a topic policy's cipher that is not present
     */
    void checkAtBuild(KeyRing ring, List<TopicDeclaration> topics) {
        for (TopicDeclaration topic : topics) {
            for (String name : topic.policy().allowedCiphers().orElse(List.of())) {
                if (providers.stream().noneMatch(p -> p.name().equals(name))) {
                    throw new ConfigurationException("Topic policy of '" + topic.filter() + "' allows cipher " + name
                            + ", but no encryption engine of that name is on the module path or class path; "
                            + KnownProvider.whatToAdd(KnownProvider.ENCRYPTION, name) + ". Found: " + Providers.describeAll(providers, NAME) + ".");
                }
            }
        }
        if (sealing.nonceSize() <= SHORT_NONCE_BYTES && !canRotate(ring)) {
            String limit = sealing.maxMessagesPerKey() == Long.MAX_VALUE ? "declares no per-key message limit at all"
                    : "counts its per-key limit (" + sealing.maxMessagesPerKey() + " messages) per bound key in this process only";
            CoreBroker.LOG.log(System.Logger.Level.WARNING, () -> "Cipher " + sealing.name() + " draws random " + sealing.nonceSize() * 8
                    + "-bit nonces and " + limit + ", and key ring " + ring + " cannot rotate by itself: every process that shares these"
                    + " keys counts from zero, so together they can exceed the safe number of messages per key. Use xchacha20-poly1305"
                    + " (random 192-bit nonces, no shared count needed), or rotate shared keys by time (KeyRings.rotating, a new Tink"
                    + " keyset or derived master).");
        }
    }

    private static boolean canRotate(KeyRing ring) {
        try {
            return ring.getClass().getMethod("rotate", String.class).getDeclaringClass() != KeyRing.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Pins the cipher: an envelope must name the configured cipher, or one its topic's policy allows, so that one key
     * is never used by several algorithms. Checked before the engine is looked up or created.
     *
     * @param allowed cipher names allowed besides the configured one
     * @throws MessageAuthenticationException for any other cipher id: the message is treated as tampered
     */
    void checkAllowed(Envelope envelope, List<String> allowed) {
        int id = envelope.cipherId();
        if (id == sealing.id()) {
            return;
        }
        for (EncryptionEngineProvider p : providers) {
            if (p.id() == id && allowed.contains(p.name())) {
                return;
            }
        }
        String known = providers.stream().filter(p -> p.id() == id).map(p -> " (" + p.name() + ")").findFirst()
                .or(() -> KnownProvider.byId(KnownProvider.ENCRYPTION, id).map(k -> " (" + k.name() + ")")).orElse("");
        throw new MessageAuthenticationException("Refused the message on topic '" + envelope.topic() + "': it names cipher id " + id
                + known + ", but this side opens only " + sealing.name() + (allowed.isEmpty() ? "" : " and " + String.join(", ", allowed))
                + " there; another cipher id is treated as tampering. Allow a cipher per topic with TopicPolicy.withAllowedCiphers.");
    }

    /**
     * The engine for an envelope's cipher id.
     *
     * @throws EncryptionException naming the artifact to add when it is not present
     */
    EncryptionEngine byId(int id) {
        for (EncryptionEngineProvider p : providers) {
            if (p.id() == id) {
                return byName(p.name());
            }
        }
        String known = KnownProvider.byId(KnownProvider.ENCRYPTION, id)
                .map(k -> " (" + k.name() + "; " + KnownProvider.whatToAdd(KnownProvider.ENCRYPTION, k.name()) + ")").orElse("");
        throw new EncryptionException("The message was sealed with cipher id " + id + known
                + ", which is not present on this side. Found: " + Providers.describeAll(providers, NAME) + ".");
    }

    @Override
    public void close() {
        bound.close();
        engines.values().forEach(EncryptionEngine::close);
        engines.clear();
    }
}
