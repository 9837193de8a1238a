package io.whispeer.api;

import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A 128-bit message id. Generated ids are time-ordered: the high 48 bits are the Unix time in milliseconds, the
 * remaining 80 bits are random, so two publishers collide with negligible probability. The id is bound into the
 * envelope's authenticated data and drives exactly-once de-duplication.
 *
 * @param high the most significant 64 bits
 * @param low  the least significant 64 bits
 */
public record MessageId(long high, long low) implements Comparable<MessageId> {
    private static final HexFormat HEX = HexFormat.of();

    /** {@return a new time-ordered random id, stamped with the system clock} */
    public static MessageId generate() {
        return generate(System.currentTimeMillis());
    }

    /**
     * A new time-ordered random id stamped with a given time, for publishers that take time from their own clock.
     *
     * @param epochMillis Unix milliseconds; the id keeps the low 48 bits
     * @return the id
     */
    public static MessageId generate(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = epochMillis & 0xFFFF_FFFF_FFFFL;
        return new MessageId(millis << 16 | random.nextInt(1 << 16), random.nextLong());
    }

    /**
     * Parses the 32-hex-digit form produced by {@link #toString()}.
     *
     * @param hex 32 hexadecimal digits
     * @return the id
     * @throws IllegalArgumentException when {@code hex} is not 32 hexadecimal digits
     */
    public static MessageId parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("Invalid message id '" + hex + "': expected 32 hexadecimal digits, got " + hex.length());
        }
        return new MessageId(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    /** {@return the 16 bytes of the id, big-endian} */
    public byte[] toBytes() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    @Override
    public int compareTo(MessageId other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    /** {@return the id as 32 lowercase hexadecimal digits} */
    @Override
    public String toString() {
        return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }
}
