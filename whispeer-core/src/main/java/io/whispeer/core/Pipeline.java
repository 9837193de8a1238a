package io.whispeer.core;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.crypto.SecretKey;

import io.whispeer.api.CodecException;
import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.CompressionException;
import io.whispeer.api.EncryptionException;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.KeyRing;
import io.whispeer.api.KeyUsageLimitException;
import io.whispeer.api.LimitExceededException;
import io.whispeer.api.MessageId;
import io.whispeer.api.MessageInfo;
import io.whispeer.api.SealingKey;
import io.whispeer.api.TypeRef;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.Codec;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.WireIds;
import io.whispeer.core.TopicDeclarations.ResolvedTopic;

/**
 * The data path on both ends: encode, compress, seal into an {@link Envelope} when publishing; open, decompress,
 * decode when delivering. Sealing happens once per publish; opening once per message (see {@link OpenedPayloads}).
 */
final class Pipeline {
    private static final byte[] EMPTY = new byte[0];

    private final CodecRegistry codecs;
    private final CompressionRegistry compression;
    private final Optional<EncryptionRegistry> encryption;
    private final Optional<KeyRing> keyRing;

    Pipeline(CodecRegistry codecs, CompressionRegistry compression, Optional<EncryptionRegistry> encryption, Optional<KeyRing> keyRing) {
        this.codecs = codecs;
        this.compression = compression;
        this.encryption = encryption;
        this.keyRing = keyRing;
    }

    /** Compresses, pads and seals an encoded value, as the topic's policy says. */
    Envelope seal(MessageId id, long timestampMillis, Headers headers, Codec codec, byte[] encoded, ResolvedTopic policy) {
        String topic = policy.topic();
        byte[] body = encoded;
        int flags = 0;
        Envelope.Builder envelope = Envelope.builder().topic(topic).id(id).timestampMillis(timestampMillis).headers(headers)
                .codecId(codec.id());
        CompressionEngine engine = policy.compression();
        Optional<CompressionDictionary> dictionary = Optional.empty();
        if (engine.id() != NoCompression.ID && encoded.length >= policy.compressionThreshold()) {
            Optional<byte[]> compressed = policy.dictionary().isPresent()
                    ? engine.compress(encoded, policy.dictionary().get()) : engine.compress(encoded);
            if (compressed.isPresent()) {
                body = compressed.get();
                flags |= Envelope.FLAG_COMPRESSED;
                envelope.compressionId(engine.id());
                dictionary = policy.dictionary();
            }
        }
        if (keyRing.isEmpty()) {
            envelope.flags(flags);
            dictionary.ifPresent(d -> envelope.dictionaryId(d.id()));
            return envelope.payload(body).build();
        }
        if (policy.padding().applies()) {
            body = Padding.pad(body);
            flags |= Envelope.FLAG_PADDED;
        }
        envelope.flags(flags);
        dictionary.ifPresent(d -> envelope.dictionaryId(d.id()));
        BoundCiphers cipher = encryption.orElseThrow().bound();
        SealedPayload sealed;
        try {
            sealed = seal(envelope, cipher, keyRing.get().sealingKey(topic), body);
        } catch (KeyUsageLimitException exhausted) {
            if (!keyRing.get().rotate(topic)) {
                throw exhausted;
            }
            sealed = seal(envelope, cipher, keyRing.get().sealingKey(topic), body);
        }
        envelope.nonce(sealed.nonce());
        return envelope.payload(sealed.ciphertext()).build();
    }

    private static SealedPayload seal(Envelope.Builder envelope, BoundCiphers cipher, SealingKey key, byte[] body) {
        envelope.cipherId(cipher.sealingId()).keyId(key.keyId());
        byte[] aad = envelope.payload(EMPTY).build().associatedData();
        return cipher.forSealing(key.key()).seal(body, aad);
    }

    /** Opens and decompresses, accepting only the configured cipher: see {@link #open(Envelope, byte[], int, List)}. */
    byte[] open(Envelope envelope, byte[] payload, int maxPlaintextBytes) {
        return open(envelope, payload, maxPlaintextBytes, List.of());
    }

    /**
     * Opens and decompresses.
     *
     * @param allowedCiphers cipher names accepted besides the configured one (the topic's policy)
     * @throws io.whispeer.api.WhispeerException when the envelope breaks a header rule of {@link Envelope#checkConsistent()},
     *                                           does not authenticate (including a cipher that is not allowed), its key
     *                                           or engine is missing, or it does not decompress within the size limit
     */
    byte[] open(Envelope envelope, byte[] payload, int maxPlaintextBytes, List<String> allowedCiphers) {
        try {
            envelope.checkConsistent(); // parse checks too; an envelope built in-process reaches here unchecked
        } catch (IllegalArgumentException malformed) {
            throw new WhispeerException("Refused the message on topic '" + envelope.topic() + "': " + malformed.getMessage()
                    + ". Its publisher wrote an envelope that docs/ENVELOPE.md forbids, or it was changed on the way.", malformed);
        }
        byte[] body = payload;
        if (envelope.cipherId() == WireIds.CIPHER_NONE) {
            if (keyRing.isPresent()) {
                throw new EncryptionException("Refused an unsealed message on topic '" + envelope.topic()
                        + "': this broker seals every topic, so a plaintext envelope is a forgery or a misconfigured publisher.");
            }
        } else {
            if (keyRing.isEmpty()) {
                throw new EncryptionException("The message on topic '" + envelope.topic() + "' is sealed (cipher id " + envelope.cipherId()
                        + ", key id " + Integer.toUnsignedString(envelope.keyId()) + "), but this side has no key ring;"
                        + " configure Whispeer.builder().encryption(name, keyRing).");
            }
            encryption.orElseThrow().checkAllowed(envelope, allowedCiphers);
            EncryptionEngine cipher = encryption.orElseThrow().byId(envelope.cipherId());
            SecretKey key = keyRing.get().key(envelope.topic(), envelope.keyId()).orElseThrow(() -> new EncryptionException(
                    "Unknown key id " + Integer.toUnsignedString(envelope.keyId()) + " for the message on topic '" + envelope.topic()
                            + "'; the key ring on this side does not hold it."));
            byte[] aad = envelope.associatedData();
            body = encryption.orElseThrow().bound().forOpening(cipher, key).open(envelope.nonce(), payload, aad);
        }
        if (envelope.isPadded()) {
            body = Padding.unpad(body);
        }
        if (envelope.isCompressed()) {
            CompressionEngine engine = compression.byId(envelope.compressionId());
            OptionalInt dictionaryId = envelope.dictionaryId();
            CompressionDictionary dictionary = dictionaryId.isPresent() ? compression.dictionary(engine, dictionaryId.getAsInt()) : null;
            try {
                body = dictionary != null ? engine.decompress(body, maxPlaintextBytes, dictionary) : engine.decompress(body, maxPlaintextBytes);
            } catch (CompressionException e) {
                throw new CompressionException("The message on topic '" + envelope.topic() + "' did not decompress (" + engine.name()
                        + "): " + e.getMessage() + ". The bound is the message limit, " + maxPlaintextBytes + " bytes ("
                        + BrokerLimits.MAX_MESSAGE_BYTES + " or TopicPolicy.withMaxMessageBytes).", e);
            }
        } else if (body.length > maxPlaintextBytes) {
            throw new LimitExceededException("The message on topic '" + envelope.topic() + "' has " + body.length
                    + " bytes and the limit is " + maxPlaintextBytes + " (" + BrokerLimits.MAX_MESSAGE_BYTES + " or the topic policy).");
        }
        return body;
    }

    /**
     * Decodes an opened payload with the codec the envelope names; {@code byte[]} subscribers get the encoded bytes.
     *
     * @throws CodecException when the codec is missing or the bytes are not a {@code type}
     */
    <T> T decode(Envelope envelope, byte[] plaintext, TypeRef<T> type) {
        if (type.rawType() == byte[].class) {
            @SuppressWarnings("unchecked")
            T copy = (T) plaintext.clone();
            return copy;
        }
        Codec codec = codecs.byId(envelope.codecId()).orElseThrow(() -> new CodecException("The message on topic '"
                + envelope.topic() + "' was encoded with codec id " + envelope.codecId() + ", which is not present on this side"
                + KnownProvider.byId(KnownProvider.CODEC, envelope.codecId())
                        .map(k -> "; " + KnownProvider.whatToAdd(KnownProvider.CODEC, k.name())).orElse("") + "."));
        return codec.decode(plaintext, type);
    }

    /** {@return the names of the codec, compression engine and cipher of an envelope opened here, and its sizes} */
    MessageInfo info(Envelope envelope) {
        String codec = codecs.byId(envelope.codecId()).map(Codec::name).orElse("id " + envelope.codecId());
        String compressionName = envelope.isCompressed() ? compression.byId(envelope.compressionId()).name() : NoCompression.NAME;
        String cipher = envelope.cipherId() == WireIds.CIPHER_NONE ? "none"
                : encryption.map(e -> e.byId(envelope.cipherId()).name()).orElse("id " + envelope.cipherId());
        return new EnvelopeInfo(codec, compressionName, cipher, envelope.keyId(), envelope.dictionaryId(), envelope.sealedSize());
    }

    /** The {@link MessageInfo} of a delivered message. */
    record EnvelopeInfo(String codec, String compression, String cipher, int keyId, OptionalInt dictionaryId, int sealedSize)
            implements MessageInfo {
    }
}
