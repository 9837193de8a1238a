package io.whispeer.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the broker routes, stores and shows to plugins: routing metadata in the clear, and a sealed payload that
 * only holders of the topic key can open.
 *
 * <h2>Layout (version 1)</h2>
 * The sealed part is {@link #toBytes()}:
 * <pre>
 * magic 'W' (0x57) | version 1 | flags | codec id | compression id | cipher id | key id (u32, big-endian)
 * | [dictionary id (u32), when {@link #FLAG_DICTIONARY}] | nonce length (u8) | nonce | payload
 * </pre>
 * The bytes from the magic to the dictionary id are {@link #headerBytes()}; engines bind them, with the topic,
 * message id, timestamp and a digest of the headers, into the authenticated data, so moving an envelope to
 * another topic or changing any of those makes opening fail. With the built-in {@code none} cipher the payload is
 * the (possibly compressed) encoded value itself; the broker treats both alike.
 *
 * <p>Instances are immutable. {@link #toString()} shows sizes and ids, never payload bytes.
 */
public final class Envelope {
    /** The first byte of every envelope. */
    public static final byte MAGIC = 'W';
    /** The envelope layout version this class reads and writes. */
    public static final int VERSION = 1;
    /** Flag: the payload was compressed before sealing. */
    public static final int FLAG_COMPRESSED = 1;
    /** Flag: the payload was padded before sealing. */
    public static final int FLAG_PADDED = 1 << 1;
    /** Flag: compression used a dictionary; the dictionary id follows the key id. */
    public static final int FLAG_DICTIONARY = 1 << 2;
    private static final int KNOWN_FLAGS = FLAG_COMPRESSED | FLAG_PADDED | FLAG_DICTIONARY;
    private static final byte[] NO_NONCE = new byte[0];
    private static final int CIPHER_NONE = 0;
    /** Nonce lengths of the built-in ciphers 1 (xchacha20-poly1305), 2 (chacha20-poly1305) and 3 (aes-256-gcm). */
    private static final int[] BUILT_IN_NONCE_LENGTHS = {24, 12, 12};
    /** The tag length of every built-in cipher. */
    private static final int TAG_LENGTH = 16;
    /**
     * A SHA-256 digest that is never updated, cloned for each headers digest: cheaper than a lookup by name, and
     * unlike a thread-local it costs nothing per thread, which matters on virtual threads (one per delivery burst).
     */
    private static final MessageDigest SHA256 = sha256();
    /** SHA-256 of no bytes, the headers digest of a message without headers (most messages); never handed out. */
    private static final byte[] EMPTY_HEADERS_DIGEST = sha256().digest();

    private final String topic;
    private final long idHigh;
    private final long idLow;
    private final long timestampMillis;
    private final Headers headers;
    /** The four one-byte header fields in one int: flags, codec id, compression id, cipher id (high to low byte). */
    private final int ids;
    private final int keyId;
    private final int dictionaryId;
    private final byte[] nonce;
    private final byte[] payload;
    private final int payloadOffset;
    private final int payloadLength;
    /** Whether {@link #payload} is the whole sealed part that {@link #parse} read, header first. */
    private final boolean parsed;
    /** The sealed part of a built envelope, made on the first {@link #sealedBuffer()} call and kept. */
    private volatile byte[] sealedBytes;

    private Envelope(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        MessageId id = Objects.requireNonNull(b.id, "id");
        this.idHigh = id.high();
        this.idLow = id.low();
        this.timestampMillis = b.timestampMillis;
        this.headers = b.headers;
        this.ids = b.flags << 24 | b.codecId << 16 | b.compressionId << 8 | b.cipherId;
        this.keyId = b.keyId;
        this.dictionaryId = b.dictionaryId;
        this.nonce = b.nonce;
        this.payload = Objects.requireNonNull(b.payload, "payload");
        this.payloadOffset = b.payloadOffset;
        this.payloadLength = b.payloadLength;
        this.parsed = b.parsed;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the sealed part written by {@link #toBytes()} and attaches routing metadata.
     *
     * @param topic     the topic it was published to
     * @param id        the message id
     * @param timestamp the publisher timestamp
     * @param headers   the user headers
     * @param sealed    the sealed part
     * @return the envelope
     * @throws IllegalArgumentException when {@code sealed} is not a well-formed version 1 envelope: too short, another
     *                                  magic or version, unknown flags, or any header inconsistency that
     *                                  {@link #checkConsistent()} refuses; the message says what is wrong
     */
    public static Envelope parse(String topic, MessageId id, Instant timestamp, Headers headers, byte[] sealed) {
        ByteBuffer in = ByteBuffer.wrap(sealed);
        if (in.remaining() < 11) {
            throw new IllegalArgumentException("Not a whispeer envelope: " + sealed.length + " bytes, at least 11 needed");
        }
        if (in.get() != MAGIC) {
            throw new IllegalArgumentException("Not a whispeer envelope: the first byte is not 'W'");
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("Unsupported envelope version " + version + "; this library reads version " + VERSION
                    + ". Upgrade whispeer on this side.");
        }
        Builder b = builder().topic(topic).id(id).timestamp(timestamp).headers(headers);
        int flags = in.get() & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("Unknown envelope flags 0x" + Integer.toHexString(flags));
        }
        b.flags(flags).codecId(in.get() & 0xFF).compressionId(in.get() & 0xFF).cipherId(in.get() & 0xFF).keyId(in.getInt());
        if ((flags & FLAG_DICTIONARY) != 0) {
            if (in.remaining() < 5) {
                throw new IllegalArgumentException("Truncated envelope: the dictionary id is missing");
            }
            b.dictionaryId(in.getInt());
        }
        int nonceLength = in.get() & 0xFF;
        if (in.remaining() < nonceLength) {
            throw new IllegalArgumentException("Truncated envelope: nonce of " + nonceLength + " bytes, " + in.remaining() + " left");
        }
        byte[] nonce = new byte[nonceLength];
        in.get(nonce);
        b.nonce(nonce).payload(sealed, in.position(), in.remaining()).parsed = true;
        return b.build().checkConsistent();
    }

    /**
     * Checks the header rules that every reader must enforce (docs/ENVELOPE.md, "What a reader refuses"):
     * <ul>
     *   <li>the compressed flag is set exactly when the compression id is not 0 ({@code none});</li>
     *   <li>the dictionary flag is set only together with the compressed flag;</li>
     *   <li>with cipher 0 ({@code none}): the key id is 0, the nonce is empty and the padded flag is clear;</li>
     *   <li>with a built-in cipher (ids 1 to 3): the nonce has that cipher's length (24 bytes for
     *       xchacha20-poly1305, 12 for chacha20-poly1305 and aes-256-gcm) and the payload holds at least the
     *       16-byte tag.</li>
     * </ul>
     * {@link #parse} applies these rules to every envelope it reads; the broker applies them again before opening
     * an envelope that was built in-process. The {@link Builder} does not, so that partial envelopes can be built.
     *
     * @return this envelope
     * @throws IllegalArgumentException naming the first rule the envelope breaks
     */
    public Envelope checkConsistent() {
        int flags = flags();
        int compression = compressionId();
        int cipher = cipherId();
        if (((flags & FLAG_COMPRESSED) != 0) != (compression != 0)) {
            throw new IllegalArgumentException("Inconsistent envelope: the compressed flag is " + ((flags & FLAG_COMPRESSED) != 0 ? "set" : "clear")
                    + " with compression id " + compression + "; the flag must be set exactly when the compression id is not 0 (none)");
        }
        if ((flags & FLAG_DICTIONARY) != 0 && (flags & FLAG_COMPRESSED) == 0) {
            throw new IllegalArgumentException("Inconsistent envelope: the dictionary flag is set without the compressed flag;"
                    + " a dictionary id only makes sense for a compressed payload");
        }
        if (cipher == CIPHER_NONE) {
            if (keyId != 0) {
                throw new IllegalArgumentException("Inconsistent envelope: cipher 0 (none) with key id " + Integer.toUnsignedString(keyId)
                        + "; an unsealed envelope must have key id 0");
            }
            if (nonce.length != 0) {
                throw new IllegalArgumentException("Inconsistent envelope: cipher 0 (none) with a nonce of " + nonce.length
                        + " bytes; an unsealed envelope must have nonce length 0");
            }
            if ((flags & FLAG_PADDED) != 0) {
                throw new IllegalArgumentException("Inconsistent envelope: cipher 0 (none) with the padded flag;"
                        + " only sealed payloads are padded");
            }
        } else if (cipher <= BUILT_IN_NONCE_LENGTHS.length) {
            int expected = BUILT_IN_NONCE_LENGTHS[cipher - 1];
            if (nonce.length != expected) {
                throw new IllegalArgumentException("Inconsistent envelope: cipher " + cipher + " with a nonce of " + nonce.length
                        + " bytes; that cipher's nonce has " + expected + " bytes");
            }
            if (payloadLength < TAG_LENGTH) {
                throw new IllegalArgumentException("Truncated envelope: cipher " + cipher + " with a payload of " + payloadLength
                        + " bytes, shorter than its " + TAG_LENGTH + "-byte tag");
            }
        }
        return this;
    }

    /** {@return the topic the message was published to} */
    public String topic() {
        return topic;
    }

    /** {@return the message id} */
    public MessageId id() {
        return new MessageId(idHigh, idLow);
    }

    /** {@return the publisher timestamp} */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** {@return the publisher timestamp in Unix milliseconds} */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** {@return the user headers} */
    public Headers headers() {
        return headers;
    }

    /** {@return the flag bits} */
    public int flags() {
        return ids >>> 24;
    }

    /** {@return whether the payload was compressed} */
    public boolean isCompressed() {
        return (flags() & FLAG_COMPRESSED) != 0;
    }

    /** {@return whether the payload was padded} */
    public boolean isPadded() {
        return (flags() & FLAG_PADDED) != 0;
    }

    /** {@return the wire id of the codec that encoded the value} */
    public int codecId() {
        return ids >>> 16 & 0xFF;
    }

    /** {@return the wire id of the compression engine; 0 is {@code none}} */
    public int compressionId() {
        return ids >>> 8 & 0xFF;
    }

    /** {@return the wire id of the cipher; 0 is {@code none}} */
    public int cipherId() {
        return ids & 0xFF;
    }

    /** {@return the key id, an unsigned 32-bit value; 0 with the {@code none} cipher} */
    public int keyId() {
        return keyId;
    }

    /** {@return the compression dictionary id, when {@link #FLAG_DICTIONARY} is set} */
    public OptionalInt dictionaryId() {
        return (flags() & FLAG_DICTIONARY) != 0 ? OptionalInt.of(dictionaryId) : OptionalInt.empty();
    }

    /** {@return a copy of the nonce} */
    public byte[] nonce() {
        return nonce.clone();
    }

    /** {@return a read-only view of the payload (ciphertext and tag when sealed); no bytes are copied} */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(payload, payloadOffset, payloadLength).slice().asReadOnlyBuffer();
    }

    /** {@return a copy of the payload (ciphertext and tag when sealed), for code that needs an array of its own} */
    public byte[] payloadBytes() {
        return Arrays.copyOfRange(payload, payloadOffset, payloadOffset + payloadLength);
    }

    /** {@return the payload size in bytes} */
    public int payloadSize() {
        return payloadLength;
    }

    /** {@return the header bytes (magic to dictionary id) that are bound into the authenticated data} */
    public byte[] headerBytes() {
        ByteBuffer out = ByteBuffer.allocate(headerSize());
        writeHeader(out);
        return out.array();
    }

    /**
     * The associated data an engine authenticates with the payload:
     * <pre>
     * header bytes | topic length (u16) | topic (UTF-8) | message id (16 bytes) | timestamp (i64, Unix ms) | SHA-256(headers)
     * </pre>
     * where the headers digest covers, for each header in key order, {@code key length (u32) | key | value length
     * (u32) | value}, all UTF-8 and big-endian. Changing any of these, or moving the envelope to another topic,
     * makes opening fail. Specified with test vectors in {@code docs/ENVELOPE.md}.
     *
     * @return the associated data
     */
    public byte[] associatedData() {
        byte[] header = headerBytes();
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + 2 + topicBytes.length + 16 + 8 + 32)
                .put(header)
                .putShort((short) topicBytes.length).put(topicBytes)
                .putLong(idHigh).putLong(idLow)
                .putLong(timestampMillis)
                .put(headersDigest(headers))
                .array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** {@return the headers digest of the associated data; the caller must only copy it} */
    private static byte[] headersDigest(Headers headers) {
        if (headers.isEmpty()) {
            return EMPTY_HEADERS_DIGEST;
        }
        MessageDigest sha;
        try {
            sha = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            sha = sha256(); // a provider whose digests cannot be cloned
        }
        ByteBuffer length = ByteBuffer.allocate(4);
        for (Map.Entry<String, String> e : headers.asMap().entrySet()) {
            for (String part : new String[] {e.getKey(), e.getValue()}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(length.clear().putInt(bytes.length).array());
                sha.update(bytes);
            }
        }
        return sha.digest();
    }

    /** {@return the size of {@link #toBytes()}} */
    public int sealedSize() {
        return headerSize() + 1 + nonce.length + payloadLength;
    }

    /**
     * {@return the sealed part, the bytes {@link #toBytes()} returns, as a read-only buffer} For an envelope that
     * {@link #parse} read, it is a view of the bytes it read, without a copy: a server forwarding one envelope to
     * many subscribers writes the same bytes to each. Otherwise the bytes are built on the first call and kept.
     */
    public ByteBuffer sealedBuffer() {
        if (parsed) {
            return ByteBuffer.wrap(payload, 0, payloadOffset + payloadLength).asReadOnlyBuffer();
        }
        byte[] bytes = sealedBytes;
        if (bytes == null) {
            bytes = toBytes();
            sealedBytes = bytes; // a race builds equal bytes twice, harmlessly
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** {@return the sealed part: header, nonce length, nonce, payload} */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(sealedSize());
        writeHeader(out);
        out.put((byte) nonce.length).put(nonce).put(payload, payloadOffset, payloadLength);
        return out.array();
    }

    private int headerSize() {
        return 10 + ((flags() & FLAG_DICTIONARY) != 0 ? 4 : 0);
    }

    private void writeHeader(ByteBuffer out) {
        out.put(MAGIC).put((byte) VERSION).put((byte) flags()).put((byte) codecId()).put((byte) compressionId())
                .put((byte) cipherId()).putInt(keyId);
        if ((flags() & FLAG_DICTIONARY) != 0) {
            out.putInt(dictionaryId);
        }
    }

    @Override
    public String toString() {
        return "Envelope[topic=" + topic + ", id=" + id() + ", timestamp=" + timestamp() + ", headers=" + headers
                + ", flags=" + flags() + ", codec=" + codecId() + ", compression=" + compressionId() + ", cipher=" + cipherId()
                + ", keyId=" + Integer.toUnsignedString(keyId) + ", nonce=" + nonce.length + " bytes, payload="
                + payloadLength + " bytes]";
    }

    /** Builds an {@link Envelope}. Topic, id and payload are required. */
    public static final class Builder {
        private String topic;
        private MessageId id;
        private long timestampMillis;
        private Headers headers = Headers.empty();
        private int flags;
        private int codecId;
        private int compressionId;
        private int cipherId;
        private int keyId;
        private int dictionaryId;
        private byte[] nonce = NO_NONCE;
        private byte[] payload;
        private int payloadOffset;
        private int payloadLength;
        private boolean parsed;

        private Builder() {
        }

        /**
         * Sets the topic.
         *
         * @param topic the concrete topic
         * @return this builder
         */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /**
         * Sets the message id.
         *
         * @param id the id
         * @return this builder
         */
        public Builder id(MessageId id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Sets the publisher timestamp.
         *
         * @param timestamp the time of publishing
         * @return this builder
         */
        public Builder timestamp(Instant timestamp) {
            this.timestampMillis = timestamp.toEpochMilli();
            return this;
        }

        /**
         * Sets the publisher timestamp.
         *
         * @param epochMillis Unix milliseconds
         * @return this builder
         */
        public Builder timestampMillis(long epochMillis) {
            this.timestampMillis = epochMillis;
            return this;
        }

        /**
         * Sets the user headers.
         *
         * @param headers the headers
         * @return this builder
         */
        public Builder headers(Headers headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /**
         * Sets the flag bits.
         *
         * @param flags a combination of {@code FLAG_*}
         * @return this builder
         */
        public Builder flags(int flags) {
            if ((flags & ~KNOWN_FLAGS) != 0) {
                throw new IllegalArgumentException("Unknown envelope flags 0x" + Integer.toHexString(flags));
            }
            this.flags = flags;
            return this;
        }

        /**
         * Sets the codec wire id.
         *
         * @param id 0..255
         * @return this builder
         */
        public Builder codecId(int id) {
            this.codecId = checkId("codec", id);
            return this;
        }

        /**
         * Sets the compression wire id.
         *
         * @param id 0..255
         * @return this builder
         */
        public Builder compressionId(int id) {
            this.compressionId = checkId("compression", id);
            return this;
        }

        /**
         * Sets the cipher wire id.
         *
         * @param id 0..255
         * @return this builder
         */
        public Builder cipherId(int id) {
            this.cipherId = checkId("cipher", id);
            return this;
        }

        /**
         * Sets the key id.
         *
         * @param keyId an unsigned 32-bit key id
         * @return this builder
         */
        public Builder keyId(int keyId) {
            this.keyId = keyId;
            return this;
        }

        /**
         * Sets the dictionary id and the {@link #FLAG_DICTIONARY} flag.
         *
         * @param dictionaryId an unsigned 32-bit dictionary id
         * @return this builder
         */
        public Builder dictionaryId(int dictionaryId) {
            this.dictionaryId = dictionaryId;
            this.flags |= FLAG_DICTIONARY;
            return this;
        }

        /**
         * Sets the nonce; the array is copied.
         *
         * @param nonce up to 255 bytes
         * @return this builder
         */
        public Builder nonce(byte[] nonce) {
            if (nonce.length > 255) {
                throw new IllegalArgumentException("Nonce of " + nonce.length + " bytes; at most 255 fit an envelope");
            }
            this.nonce = nonce.clone();
            return this;
        }

        /**
         * Sets the payload: the buffer's remaining bytes. A heap buffer's bytes are used without copying (do not
         * change them afterwards); a direct buffer's are copied. The buffer's position and limit are not changed.
         *
         * @param payload the payload
         * @return this builder
         */
        public Builder payload(ByteBuffer payload) {
            if (payload.hasArray() && !payload.isReadOnly()) {
                return payload(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            }
            byte[] copy = new byte[payload.remaining()];
            payload.get(payload.position(), copy);
            return payload(copy);
        }

        /**
         * Sets the payload. The array is used without copying; do not change it afterwards.
         *
         * @param payload the payload
         * @return this builder
         */
        public Builder payload(byte[] payload) {
            return payload(payload, 0, payload.length);
        }

        /**
         * Sets the payload to a range of an array, used without copying; do not change it afterwards.
         *
         * @param payload the array
         * @param offset  where the payload starts
         * @param length  its length
         * @return this builder
         * @throws IndexOutOfBoundsException when the range is not inside the array
         */
        public Builder payload(byte[] payload, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, payload.length);
            this.payload = payload;
            this.payloadOffset = offset;
            this.payloadLength = length;
            return this;
        }

        /** {@return the envelope} */
        public Envelope build() {
            return new Envelope(this);
        }

        private static int checkId(String what, int id) {
            if (id < 0 || id > 255) {
                throw new IllegalArgumentException("Invalid " + what + " id " + id + "; wire ids are 0..255");
            }
            return id;
        }
    }
}
