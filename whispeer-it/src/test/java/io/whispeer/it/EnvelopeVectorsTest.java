package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageId;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.Settings;
import io.whispeer.compression.zstd.ZstdCompressionProvider;
import io.whispeer.crypto.aesgcm.AesGcmProvider;
import io.whispeer.crypto.chacha.ChaCha20Poly1305Provider;
import io.whispeer.crypto.chacha.XChaCha20Poly1305Provider;

/**
 * The test vectors of docs/ENVELOPE.md: each envelope is built from the documented fields, sealed with an
 * independent implementation of the cipher (Bouncy Castle for XChaCha20-Poly1305, the JCE for the others) and a
 * fixed nonce, and must equal the documented bytes exactly; whispeer's engines must open them.
 */
class EnvelopeVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final String TOPIC = "sensor/kitchen/temperature";
    static final MessageId ID = MessageId.parse("0102030405060708090a0b0c0d0e0f10");
    static final long TIMESTAMP = 1_700_000_000_000L;
    static final Headers HEADERS = Headers.of("unit", "C");
    static final byte[] JSON = "{\"celsius\":21.5}".getBytes(StandardCharsets.UTF_8);
    static final byte[] XCHACHA_NONCE = HEX.parseHex("404142434445464748494a4b4c4d4e4f5051525354555657");
    static final byte[] CHACHA_NONCE = HEX.parseHex("070000004041424344454647");
    static final byte[] AES_NONCE = HEX.parseHex("cafebabefacedbaddecaf888");

    static final String XCHACHA_PLAIN = "5701000100010000000118404142434445464748494a4b4c4d4e4f5051525354555657af1b6615bc931063fcd6bd8c9eb250ef50850f36039a110ad794b83896be54d8";
    static final String CHACHA_PLAIN = "570100010002000000010c07000000404142434445464732ce12477d3205b5eacb7705475c78d23e39fa53bd659ecf68af1b613a9b1392";
    static final String AES_PLAIN = "570100010003000000010ccafebabefacedbaddecaf888f181c343c609266e352967ef4a33bc4279acbaa84cffb7e7093da19a32bd8e58";
    static final String XCHACHA_COMPRESSED_PADDED = "5701030001010000000118404142434445464748494a4b4c4d4e4f5051525354555657fc8c2a8db0ce78c38ef493bdd4be17f7f3dec4aa742a71a0314adf266c6850f9638a205467a3aa25d390862365b7f8cbb900149c0cedd1f2948124a96eb34c837581d27194b345c83bd8804d26ce5d01d335c07580d73d18";

    @Test
    void xchachaVectorMatches() throws Exception {
        check("xchacha20-poly1305", 1, XCHACHA_NONCE, 0, 0, JSON, new XChaCha20Poly1305Provider(), XCHACHA_PLAIN);
    }

    @Test
    void chachaVectorMatches() throws Exception {
        check("chacha20-poly1305", 2, CHACHA_NONCE, 0, 0, JSON, new ChaCha20Poly1305Provider(), CHACHA_PLAIN);
    }

    @Test
    void aesGcmVectorMatches() throws Exception {
        check("aes-256-gcm", 3, AES_NONCE, 0, 0, JSON, new AesGcmProvider(), AES_PLAIN);
    }

    @Test
    void compressedAndPaddedVectorMatches() throws Exception {
        byte[] plaintext = compressedPaddedPlaintext();
        check("xchacha20-poly1305 zstd padded", 1, XCHACHA_NONCE, Envelope.FLAG_COMPRESSED | Envelope.FLAG_PADDED, 1, plaintext,
                new XChaCha20Poly1305Provider(), XCHACHA_COMPRESSED_PADDED);
        int end = plaintext.length - 1;
        while (plaintext[end] == 0) {
            end--;
        }
        assertThat(plaintext[end]).isEqualTo((byte) 0x80);
        byte[] json = new ZstdCompressionProvider().create(Settings.empty()).decompress(Arrays.copyOf(plaintext, end), 1 << 20);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(longJson());
    }

    private static String longJson() {
        return "{\"readings\":[" + "{\"celsius\":21.5,\"room\":\"kitchen\"},".repeat(15) + "{\"celsius\":21.5,\"room\":\"kitchen\"}]}";
    }

    /** The plaintext the broker seals for {@link #longJson()}: zstd level 1, then padded; taken from a real publish. */
    private static byte[] compressedPaddedPlaintext() {
        CapturePlugin capture = new CapturePlugin();
        KeyRing ring = KeyRing.single(1, new SecretKeySpec(KEY, "ChaCha20"));
        try (Broker broker = Whispeer.builder().encryption("xchacha20-poly1305", ring).compression("zstd").plugin(capture)
                .topic("#", TopicPolicy.codec("bytes")).build()) {
            broker.publish(TOPIC, longJson().getBytes(StandardCharsets.UTF_8)).join();
        }
        Envelope e = capture.last();
        byte[] ciphertext = new byte[e.payloadSize()];
        e.payload().get(ciphertext);
        try (EncryptionEngine engine = new XChaCha20Poly1305Provider().create(Settings.empty());
                KeyedCipher opener = engine.forKey(ring.key(TOPIC, 1).orElseThrow())) {
            return opener.open(e.nonce(), ciphertext, e.associatedData());
        }
    }

    private static void check(String name, int cipherId, byte[] nonce, int flags, int compressionId, byte[] plaintext,
                              EncryptionEngineProvider provider, String expected) throws Exception {
        Envelope.Builder builder = Envelope.builder().topic(TOPIC).id(ID).timestampMillis(TIMESTAMP).headers(HEADERS).flags(flags)
                .codecId(compressionId == 0 ? 1 : 0).compressionId(compressionId).cipherId(cipherId).keyId(1).nonce(nonce);
        byte[] aad = builder.payload(new byte[0]).build().associatedData();
        byte[] ciphertext = independentSeal(cipherId, nonce, aad, plaintext);
        byte[] envelope = builder.payload(ciphertext).build().toBytes();
        assertThat(HEX.formatHex(envelope)).isEqualTo(expected);
        try (EncryptionEngine engine = provider.create(Settings.empty()); KeyedCipher opener = engine.forKey(new SecretKeySpec(KEY, "AES"))) {
            Envelope parsed = Envelope.parse(TOPIC, ID, Instant.ofEpochMilli(TIMESTAMP), HEADERS, envelope);
            byte[] payload = new byte[parsed.payloadSize()];
            parsed.payload().get(payload);
            assertThat(opener.open(parsed.nonce(), payload, parsed.associatedData())).isEqualTo(plaintext);
        }
    }

    private static byte[] independentSeal(int cipherId, byte[] nonce, byte[] aad, byte[] plaintext) throws Exception {
        switch (cipherId) {
            case 1 -> {
                XChaCha20Poly1305 bc = new XChaCha20Poly1305();
                bc.init(true, new AEADParameters(new KeyParameter(KEY), 128, nonce, aad));
                byte[] out = new byte[bc.getOutputSize(plaintext.length)];
                int n = bc.processBytes(plaintext, 0, plaintext.length, out, 0);
                bc.doFinal(out, n);
                return out;
            }
            case 2 -> {
                Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "ChaCha20"), new IvParameterSpec(nonce));
                cipher.updateAAD(aad);
                return cipher.doFinal(plaintext);
            }
            default -> {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
                cipher.updateAAD(aad);
                return cipher.doFinal(plaintext);
            }
        }
    }
}
