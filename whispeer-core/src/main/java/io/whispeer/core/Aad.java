package io.whispeer.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

import io.whispeer.api.Headers;
import io.whispeer.api.MessageId;

/**
 * The associated data bound into every sealed envelope:
 * <pre>
 * header bytes | topic length (u16) | topic (UTF-8) | message id (16 bytes) | timestamp (i64 ms) | SHA-256(headers)
 * </pre>
 * where the headers digest covers, for each header in key order, {@code key length (u32) | key | value length
 * (u32) | value}, all UTF-8. Changing any of these, or moving the envelope to another topic, fails authentication.
 */
final class Aad {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    private Aad() {
    }

    static byte[] of(byte[] header, String topic, MessageId id, long timestampMillis, Headers headers) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + 2 + topicBytes.length + 16 + 8 + 32)
                .put(header)
                .putShort((short) topicBytes.length).put(topicBytes)
                .putLong(id.high()).putLong(id.low())
                .putLong(timestampMillis)
                .put(digest(headers))
                .array();
    }

    private static byte[] digest(Headers headers) {
        MessageDigest sha = SHA256.get();
        sha.reset();
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
}
