package io.whispeer.crypto.chacha;

import static io.whispeer.crypto.chacha.TestKeys.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The published vectors, typed in from their documents. */
class KnownAnswerTest {
    private static final byte[] SUNSCREEN = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the"
            + " future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = hex("50515253c0c1c2c3c4c5c6c7");

    /** RFC 8439 section 2.8.2. */
    private static final SecretKey RFC8439_KEY = TestKeys.fromHex("""
            80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f
            90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f""");
    private static final byte[] RFC8439_NONCE = hex("07 00 00 00 40 41 42 43 44 45 46 47");
    private static final byte[] RFC8439_CIPHERTEXT = hex("""
            d3 1a 8d 34 64 8e 60 db 7b 86 af bc 53 ef 7e c2
            a4 ad ed 51 29 6e 08 fe a9 e2 b5 a7 36 ee 62 d6
            3d be a4 5e 8c a9 67 12 82 fa fb 69 da 92 72 8b
            1a 71 de 0a 9e 06 0b 29 05 d6 a5 b6 7e cd 3b 36
            92 dd bd 7f 2d 77 8b 8c 98 03 ae e3 28 09 1b 58
            fa b3 24 e4 fa d6 75 94 55 85 80 8b 48 31 d7 bc
            3f f4 de f0 8e 4b 7a 9d e5 76 d2 65 86 ce c6 4b
            61 16""");
    private static final byte[] RFC8439_TAG = hex("1a e1 0b 59 4f 09 e2 6a 7e 90 2e cb d0 60 06 91");

    /** draft-irtf-cfrg-xchacha-03 appendix A.3.1. */
    private static final SecretKey XCHACHA_KEY = RFC8439_KEY;
    private static final byte[] XCHACHA_NONCE = hex("404142434445464748494a4b4c4d4e4f5051525354555657");
    private static final byte[] XCHACHA_CIPHERTEXT = hex("""
            bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
            731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
            2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
            21f9664c97637da9768812f615c68b13b52e""");
    private static final byte[] XCHACHA_TAG = hex("c0875924c1c7987947deafd8780acf49");

    private final ChaChaPoly1305Engine chacha = TestKeys.engine(new ChaCha20Poly1305Provider());
    private final ChaChaPoly1305Engine xchacha = TestKeys.engine(new XChaCha20Poly1305Provider());

    @AfterEach
    void closeEngines() {
        chacha.close();
        xchacha.close();
    }

    @Test
    void chacha20Poly1305SealsTheRfc8439Section282VectorToItsCiphertextAndTag() {
        assertThat(chacha.forKey(RFC8439_KEY).sealWithNonce(RFC8439_NONCE, SUNSCREEN, AAD)).isEqualTo(concat(RFC8439_CIPHERTEXT, RFC8439_TAG));
    }

    @Test
    void chacha20Poly1305OpensTheRfc8439Section282VectorToItsPlaintext() {
        assertThat(chacha.forKey(RFC8439_KEY).open(RFC8439_NONCE, concat(RFC8439_CIPHERTEXT, RFC8439_TAG), AAD)).isEqualTo(SUNSCREEN);
    }

    @Test
    void xchacha20Poly1305SealsTheDraftsVectorA3ToItsCiphertextAndTag() {
        assertThat(xchacha.forKey(XCHACHA_KEY).sealWithNonce(XCHACHA_NONCE, SUNSCREEN, AAD)).isEqualTo(concat(XCHACHA_CIPHERTEXT, XCHACHA_TAG));
    }

    @Test
    void xchacha20Poly1305OpensTheDraftsVectorA3ToItsPlaintext() {
        assertThat(xchacha.forKey(XCHACHA_KEY).open(XCHACHA_NONCE, concat(XCHACHA_CIPHERTEXT, XCHACHA_TAG), AAD)).isEqualTo(SUNSCREEN);
    }

    /** draft-irtf-cfrg-xchacha-03 section 2.2.1. */
    @Test
    void hChaCha20GivesTheDraftsSubkey() {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = hex("000000090000004a0000000031415927");
        byte[] subkey = new byte[32];
        HChaCha20.subkey(key, nonce, new int[16], new int[16], subkey);
        assertThat(subkey).isEqualTo(hex("""
                82413b42 27b27bfe d30e4250 8a877d73
                a0f9e4d5 8a74a853 c12ec413 26d3ecdc"""));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
