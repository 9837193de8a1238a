package io.whispeer.keys;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) from Bouncy Castle; whispeer does not implement primitives itself. */
final class Hkdf {
    private Hkdf() {
    }

    /**
     * Derives {@code length} bytes.
     *
     * @param ikm    input keying material
     * @param salt   salt, possibly empty (RFC 5869 then uses a block of zeros)
     * @param info   context information
     * @param length output length, at most 255 * 32
     * @return the output keying material
     */
    static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }
}
