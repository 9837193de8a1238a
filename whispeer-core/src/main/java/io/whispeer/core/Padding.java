package io.whispeer.core;

import java.util.Arrays;

import io.whispeer.api.EncryptionException;

/**
 * Length hiding before sealing: the payload is extended to a Padmé bucket (Nikitin et al., "Reducing Metadata Leakage
 * from Encrypted Files and Communication with PURBs", 2019), which leaks O(log log L) bits of the length L instead of
 * all of them, for at most about 12 % overhead. The padding is ISO/IEC 7816-4 style: one {@code 0x80} byte, then
 * zeros, so it is removed without knowing the original length.
 *
 * <p>Padmé alone keeps lengths below 8 bytes exact, and those below 64 nearly so, which would tell a 1-byte
 * message from a 2-byte one. So every padded payload is at least {@value #MIN_PADDED} bytes: all payloads shorter
 * than that seal to the same size. Readers need not know the floor: unpadding finds the marker.
 */
final class Padding {
    /** The smallest padded length: payloads of up to {@code MIN_PADDED - 1} bytes all pad to this. */
    static final int MIN_PADDED = 32;

    private Padding() {
    }

    /** {@return the Padmé bucket for {@code length} bytes} */
    static int bucket(int length) {
        if (length < 2) {
            return length;
        }
        int e = 31 - Integer.numberOfLeadingZeros(length);
        int s = 32 - Integer.numberOfLeadingZeros(e);
        int lastBits = e - s;
        int mask = lastBits > 0 ? (1 << lastBits) - 1 : 0;
        return (length + mask) & ~mask;
    }

    /**
     * {@return {@code data} followed by {@code 0x80} and zeros up to the bucket of {@code data.length + 1}, and at
     * least {@value #MIN_PADDED} bytes}
     */
    static byte[] pad(byte[] data) {
        byte[] padded = Arrays.copyOf(data, Math.max(MIN_PADDED, bucket(data.length + 1)));
        padded[data.length] = (byte) 0x80;
        return padded;
    }

    /**
     * Removes the padding.
     *
     * @throws EncryptionException when the padding is malformed (only a faulty publisher produces that: the padding
     *                             is inside the authenticated ciphertext)
     */
    static byte[] unpad(byte[] padded) {
        int i = padded.length - 1;
        while (i >= 0 && padded[i] == 0) {
            i--;
        }
        if (i < 0 || padded[i] != (byte) 0x80) {
            throw new EncryptionException("Malformed padding in an authenticated message: the publisher is faulty");
        }
        return Arrays.copyOf(padded, i);
    }
}
