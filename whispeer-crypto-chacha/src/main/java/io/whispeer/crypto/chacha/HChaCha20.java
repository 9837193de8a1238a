package io.whispeer.crypto.chacha;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.util.Pack;

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha section 2.2): the XChaCha20 subkey from a 256-bit key and the first 128 bits
 * of the 192-bit nonce.
 *
 * <p>The 20 ChaCha rounds are Bouncy Castle's {@link ChaChaEngine#chachaCore}, which returns the permuted state
 * plus the input state (the ChaCha20 block function's final addition). HChaCha20 is the permuted state without
 * that addition, words 0..3 and 12..15, so the input is subtracted again: exactly what Bouncy Castle's own
 * {@code XChaCha20Engine.setKey} does. Only the state layout (constants, key, nonce) and the read-out are written
 * here; the test vector of the draft's section 2.2.1 and every Wycheproof XChaCha20-Poly1305 vector check them.
 */
final class HChaCha20 {
    /** The ChaCha constants, "expand 32-byte k" as four little-endian words (RFC 8439 section 2.3). */
    private static final int[] SIGMA = Pack.littleEndianToInt("expand 32-byte k".getBytes(StandardCharsets.US_ASCII), 0, 4);
    /** The number of ChaCha rounds in HChaCha20. */
    private static final int ROUNDS = 20;
    /** Bytes of the nonce that HChaCha20 consumes; the rest goes to ChaCha20-Poly1305. */
    static final int NONCE_PREFIX_BYTES = 16;
    /** Bytes of the subkey. */
    static final int SUBKEY_BYTES = 32;
    /** Words of the ChaCha state. */
    static final int STATE_WORDS = 16;

    private HChaCha20() {
    }

    /**
     * Derives the subkey. The caller zeroes {@code state}, {@code mixed} and {@code subkey} after use.
     *
     * @param key    32 key bytes
     * @param nonce  at least 16 nonce bytes; the first 16 are used
     * @param state  16 words of scratch space: the input state
     * @param mixed  16 words of scratch space: the output of the ChaCha core
     * @param subkey receives the 32 bytes of the subkey
     */
    static void subkey(byte[] key, byte[] nonce, int[] state, int[] mixed, byte[] subkey) {
        System.arraycopy(SIGMA, 0, state, 0, 4);
        Pack.littleEndianToInt(key, 0, state, 4, 8);
        Pack.littleEndianToInt(nonce, 0, state, 12, 4);
        ChaChaEngine.chachaCore(ROUNDS, state, mixed);
        for (int i = 0; i < 4; i++) {
            Pack.intToLittleEndian(mixed[i] - state[i], subkey, 4 * i);
            Pack.intToLittleEndian(mixed[12 + i] - state[12 + i], subkey, 16 + 4 * i);
        }
    }
}
