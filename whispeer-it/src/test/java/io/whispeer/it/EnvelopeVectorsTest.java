package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.whispeer.api.Broker;
import io.whispeer.api.CompressionDictionary;
import io.whispeer.api.Envelope;
import io.whispeer.api.Headers;
import io.whispeer.api.KeyRing;
import io.whispeer.api.MessageId;
import io.whispeer.api.TopicPolicy;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.Settings;
import io.whispeer.compression.lz4.Lz4CompressionProvider;
import io.whispeer.compression.zstd.ZstdCompressionProvider;
import io.whispeer.crypto.aesgcm.AesGcmProvider;
import io.whispeer.crypto.chacha.ChaCha20Poly1305Provider;
import io.whispeer.crypto.chacha.XChaCha20Poly1305Provider;

/**
 * The test vectors of docs/ENVELOPE.md. For each vector the associated data is built from the documented fields and
 * must equal the documented bytes; the documented plaintext is sealed with an independent implementation of the
 * cipher (Bouncy Castle for XChaCha20-Poly1305, the JCE for the others) and the documented nonce, and must give the
 * documented envelope exactly; whispeer's engine opens the envelope to the plaintext; unpadding (as the document
 * defines it) and whispeer's decompression give the codec output; a broker holding the key and the dictionary
 * delivers the codec output; and every hex string appears in the document. For the compressed vectors, a real
 * publish with the same settings produces the documented plaintext byte for byte.
 */
class EnvelopeVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final String TOPIC = "sensor/kitchen/temperature";
    static final MessageId ID = MessageId.parse("0102030405060708090a0b0c0d0e0f10");
    static final long TIMESTAMP = 1_700_000_000_000L;
    static final Headers HEADERS = Headers.of("unit", "C");
    static final String XCHACHA_NONCE = "404142434445464748494a4b4c4d4e4f5051525354555657";
    static final String CHACHA_NONCE = "070000004041424344454647";
    static final String AES_NONCE = "cafebabefacedbaddecaf888";
    static final String JSON = "{\"celsius\":21.5}";
    /** Vector 5: a topic and headers outside ASCII, with keys whose UTF-16 order differs from their code point order. */
    static final String UNICODE_TOPIC = "capteurs/cuisine/température";
    static final Headers UNICODE_HEADERS = Headers.builder().put("unité", "°C").put("\uD83D\uDE00", "grinning").put("\uFF5A", "fullwidth z").build();
    static final String SMALL_JSON = "[{\"celsius\":21.3,\"room\":\"hall\"},{\"celsius\":19.8,\"room\":\"attic\"},{\"celsius\":20.9,\"room\":\"cellar\"}]";
    /** The UTF-8 bytes the headers digest of vector 5 covers, keys in UTF-16 order: unité, U+1F600, U+FF5A. */
    static final String UNICODE_HEADERS_DIGEST_INPUT = "00000006756e6974c3a900000003c2b04300000004f09f9880000000086772696e6e696e6700000003efbd9a0000000b66756c6c7769647468207a";
    /** A zstd dictionary trained on 2000 small JSON readings with at most 256 bytes; zstd's own id is in bytes 4..7. */
    static final String DICTIONARY = "37a430ec79b911072110d80a920e0cc3300c83afa4411a3ce59632c91b13c0cabda5dc5beee91985b301e30300000064610d00000004000000000000462476a705040086c19823c000000000000000000000000000008431cae50a010000000000000000000000000001000000040000000800000063656c73697573223a32312e332c22726f6f6d223a2268616c6c227d7b2263656c73697573223a32322e302c22726f6f6d22656c73697573223a31392e382c22726f6f6d223a226174746963227d7b2263656c73697573223a32302e352c22726f6f6d22392c22726f6f6d223a2263656c6c6172227d7b2263656c73697573223a31372e362c22726f6f6d";
    static final int DICTIONARY_ID = 118602105;

    record Vector(String name, int cipherId, String nonce, int flags, int codecId, int compressionId, int dictionaryId, String topic,
                  Headers headers, String codecOutput, String plaintext, String associatedData, String envelope) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() {
        String json = hex(JSON);
        return List.of(
                new Vector("1 xchacha20-poly1305", 1, XCHACHA_NONCE, 0, 1, 0, 0, TOPIC, HEADERS, json, json, "57010001000100000001001a73656e736f722f6b69746368656e2f74656d70657261747572650102030405060708090a0b0c0d0e0f100000018bcfe568001015e4a99e73a4d92a15e74518c362f209dcc80760707a6abd33d9d69dcb1b92", "5701000100010000000118404142434445464748494a4b4c4d4e4f5051525354555657af1b6615bc931063fcd6bd8c9eb250ef50850f36039a110ad794b83896be54d8"),
                new Vector("2 chacha20-poly1305", 2, CHACHA_NONCE, 0, 1, 0, 0, TOPIC, HEADERS, json, json, "57010001000200000001001a73656e736f722f6b69746368656e2f74656d70657261747572650102030405060708090a0b0c0d0e0f100000018bcfe568001015e4a99e73a4d92a15e74518c362f209dcc80760707a6abd33d9d69dcb1b92", "570100010002000000010c07000000404142434445464732ce12477d3205b5eacb7705475c78d23e39fa53bd659ecf68af1b613a9b1392"),
                new Vector("3 aes-256-gcm", 3, AES_NONCE, 0, 1, 0, 0, TOPIC, HEADERS, json, json, "57010001000300000001001a73656e736f722f6b69746368656e2f74656d70657261747572650102030405060708090a0b0c0d0e0f100000018bcfe568001015e4a99e73a4d92a15e74518c362f209dcc80760707a6abd33d9d69dcb1b92", "570100010003000000010ccafebabefacedbaddecaf888f181c343c609266e352967ef4a33bc4279acbaa84cffb7e7093da19a32bd8e58"),
                new Vector("4 zstd padded", 1, XCHACHA_NONCE, 3, 0, 1, 0, TOPIC, HEADERS, hex(longJson()), "28b52ffd602e01d5010014037b2272656164696e6773223a5b7b2263656c73697573223a32312e352c22726f6f6d223a226b69746368656e227d2c5d7d0100d72faa2a0380000000", "57010300010100000001001a73656e736f722f6b69746368656e2f74656d70657261747572650102030405060708090a0b0c0d0e0f100000018bcfe568001015e4a99e73a4d92a15e74518c362f209dcc80760707a6abd33d9d69dcb1b92", "5701030001010000000118404142434445464748494a4b4c4d4e4f5051525354555657fc8c2a8db0ce78c38ef493bdd4be17f7f3dec4aa742a71a0314adf266c6850f9638a205467a3aa25d390862365b7f8cbb900149c0cedd1f2948124a96eb34c837581d27194b345c83bd8804d26ce5d01d335c07580d73d18"),
                new Vector("5 non-ASCII topic and headers, padded", 1, XCHACHA_NONCE, 2, 1, 0, 0, UNICODE_TOPIC, UNICODE_HEADERS, json, "7b2263656c73697573223a32312e357d8000", "57010201000100000001001d63617074657572732f63756973696e652f74656d70c3a97261747572650102030405060708090a0b0c0d0e0f100000018bcfe5680079ec5a3aba032be01bf5217c80902ff29dcac66f5b28d7c825daebcaf072525e", "5701020100010000000118404142434445464748494a4b4c4d4e4f5051525354555657af1b6615bc931063fcd6bd8c9eb250ef12bacb0f680589a0c1d690de0c1cb9aa8e99"),
                new Vector("6 lz4 padded", 1, XCHACHA_NONCE, 3, 0, 2, 0, TOPIC, HEADERS, hex(longJson()), "2e020000ff207b2272656164696e6773223a5b7b2263656c73697573223a32312e352c22726f6f6d223a226b69746368656e227d2c2200ffe8506e227d5d7d80", "57010300020100000001001a73656e736f722f6b69746368656e2f74656d70657261747572650102030405060708090a0b0c0d0e0f100000018bcfe568001015e4a99e73a4d92a15e74518c362f209dcc80760707a6abd33d9d69dcb1b92", "5701030002010000000118404142434445464748494a4b4c4d4e4f5051525354555657fa3b05702fc00234fd91e6dac6f202e1b080f6bf313a36f6195888362b3e11a138cc2e4c27fdeb7ddd88d62763aeb999fe055f9543a7b4635eac66d66eef31d4c65ba9eca2def40f733f983a019b5521"),
                new Vector("7 zstd dictionary padded", 1, XCHACHA_NONCE, 7, 0, 1, DICTIONARY_ID, TOPIC, HEADERS, hex(SMALL_JSON), "28b52ffd2379b9110761e50000f3c0024ff884ecde4b297254d08406fc1824fcb76851c4189892d01c800000", "570107000101000000010711b979001a73656e736f722f6b69746368656e2f74656d70657261747572650102030405060708090a0b0c0d0e0f100000018bcfe568001015e4a99e73a4d92a15e74518c362f209dcc80760707a6abd33d9d69dcb1b92", "570107000101000000010711b97918404142434445464748494a4b4c4d4e4f5051525354555657fc8c2a8df399c007889562beaf6fa590dd422928cd127ae83ee17943f51c076ca19153aa4d0a16c0e332f44cd60eb5237dfc1b0a9496e5151714256f"),
                new Vector("8 empty payload padded", 2, CHACHA_NONCE, 2, 0, 0, 0, TOPIC, Headers.empty(), "", "80", "57010200000200000001001a73656e736f722f6b69746368656e2f74656d70657261747572650102030405060708090a0b0c0d0e0f100000018bcfe56800e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "570102000002000000010c070000004041424344454647c98cd739c60ee8a13b89c3bd182de9348d"));
    }

    /** The documented AAD is what {@link Envelope#associatedData()} computes from the documented fields. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void associatedDataMatches(Vector v) {
        assertThat(HEX.formatHex(builder(v).payload(new byte[0]).build().associatedData())).isEqualTo(v.associatedData());
    }

    /** An independent cipher implementation seals the documented plaintext into the documented envelope. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void independentSealGivesTheEnvelope(Vector v) throws Exception {
        byte[] ciphertext = independentSeal(v.cipherId(), HEX.parseHex(v.nonce()), HEX.parseHex(v.associatedData()), HEX.parseHex(v.plaintext()));
        assertThat(HEX.formatHex(builder(v).payload(ciphertext).build().toBytes())).isEqualTo(v.envelope());
    }

    /** whispeer's reader parses the envelope strictly and its engine opens it to the documented plaintext. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void whispeerOpensTheEnvelope(Vector v) {
        Envelope parsed = Envelope.parse(v.topic(), ID, Instant.ofEpochMilli(TIMESTAMP), v.headers(), HEX.parseHex(v.envelope()));
        assertThat(HEX.formatHex(parsed.toBytes())).isEqualTo(v.envelope());
        assertThat(HEX.formatHex(parsed.associatedData())).isEqualTo(v.associatedData());
        try (EncryptionEngine engine = provider(v.cipherId()).create(Settings.empty());
                KeyedCipher opener = engine.forKey(new SecretKeySpec(KEY, "AES"))) {
            assertThat(HEX.formatHex(opener.open(parsed.nonce(), parsed.payloadBytes(), parsed.associatedData()))).isEqualTo(v.plaintext());
        }
    }

    /** Unpadding as the document defines it, then decompressing with the flagged engine, gives the codec output. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void unpaddingAndDecompressingGivesTheCodecOutput(Vector v) {
        byte[] body = HEX.parseHex(v.plaintext());
        if ((v.flags() & Envelope.FLAG_PADDED) != 0) {
            assertThat(body.length).as("padded length").isEqualTo(padme(unpad(body).length + 1));
            body = unpad(body);
        }
        if ((v.flags() & Envelope.FLAG_COMPRESSED) != 0) {
            CompressionEngine engine = (v.compressionId() == 1 ? new ZstdCompressionProvider() : new Lz4CompressionProvider()).create(Settings.empty());
            body = v.dictionaryId() != 0
                    ? engine.decompress(body, 1 << 20, new CompressionDictionary("zstd", DICTIONARY_ID, HEX.parseHex(DICTIONARY)))
                    : engine.decompress(body, 1 << 20);
        }
        assertThat(HEX.formatHex(body)).isEqualTo(v.codecOutput());
    }

    /** A broker that holds the key (and the dictionary) delivers the codec output of the documented envelope. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aBrokerDeliversTheCodecOutput(Vector v) throws InterruptedException {
        BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(1);
        try (Broker broker = Whispeer.builder().encryption(cipherName(v.cipherId()), KeyRing.single(1, new SecretKeySpec(KEY, "AES")))
                .dictionary(dictionary()).build()) {
            broker.subscribe("#", byte[].class, m -> received.add(m.payload()));
            broker.publishEnvelope(Envelope.parse(v.topic(), ID, Instant.ofEpochMilli(TIMESTAMP), v.headers(), HEX.parseHex(v.envelope()))).join();
            byte[] payload = received.poll(10, TimeUnit.SECONDS);
            assertThat(payload).as("delivered within 10 s").isNotNull();
            assertThat(HEX.formatHex(payload)).isEqualTo(v.codecOutput());
        }
    }

    /** A real publish with the documented settings seals the documented plaintext (vectors 4, 6 and 7). */
    @Test
    void aRealPublishCompressesAndPadsAsDocumented() {
        Map<String, TopicPolicy> policies = Map.of(
                "4 zstd padded", TopicPolicy.compression("zstd").withCompressionLevel(1),
                "6 lz4 padded", TopicPolicy.compression("lz4").withCompressionLevel(0),
                "7 zstd dictionary padded", TopicPolicy.compression("zstd").withCompressionLevel(1).withDictionary(DICTIONARY_ID)
                        .withCompressionThreshold(0));
        for (Vector v : vectors()) {
            TopicPolicy policy = policies.get(v.name());
            if (policy != null) {
                assertThat(HEX.formatHex(publishedPlaintext(policy.withCodec("bytes").withPadding(true), HEX.parseHex(v.codecOutput()))))
                        .as(v.name()).isEqualTo(v.plaintext());
            }
        }
    }

    /** Vector 5's header keys are ordered by UTF-16 code units, which is not the order of their code points or UTF-8 bytes. */
    @Test
    void headerKeysAreOrderedByUtf16CodeUnits() throws Exception {
        assertThat(UNICODE_HEADERS.asMap().keySet()).containsExactly("unité", "\uD83D\uDE00", "\uFF5A");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HEX.parseHex(UNICODE_HEADERS_DIGEST_INPUT));
        byte[] aad = HEX.parseHex(vectors().get(4).associatedData());
        assertThat(HEX.formatHex(Arrays.copyOfRange(aad, aad.length - 32, aad.length))).isEqualTo(HEX.formatHex(sha.digest()));
    }

    /** Every hex string of every vector, and the dictionary, appears in docs/ENVELOPE.md. */
    @Test
    void theDocumentShowsEveryVector() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "ENVELOPE.md")).replaceAll("[`\\s]", "");
        for (Vector v : vectors()) {
            for (String hex : List.of(v.nonce(), v.codecOutput(), v.plaintext(), v.associatedData(), v.envelope())) {
                assertThat(doc).as("%s: %s", v.name(), hex).contains(hex);
            }
        }
        assertThat(doc).contains(DICTIONARY, UNICODE_HEADERS_DIGEST_INPUT, Integer.toUnsignedString(DICTIONARY_ID));
    }

    private static byte[] publishedPlaintext(TopicPolicy policy, byte[] payload) {
        CapturePlugin capture = new CapturePlugin();
        KeyRing ring = KeyRing.single(1, new SecretKeySpec(KEY, "ChaCha20"));
        try (Broker broker = Whispeer.builder().encryption("xchacha20-poly1305", ring).dictionary(dictionary()).plugin(capture)
                .topic("#", policy).build()) {
            broker.publish(TOPIC, payload).join();
        }
        Envelope e = capture.last();
        try (EncryptionEngine engine = new XChaCha20Poly1305Provider().create(Settings.empty());
                KeyedCipher opener = engine.forKey(ring.key(TOPIC, 1).orElseThrow())) {
            return opener.open(e.nonce(), e.payloadBytes(), e.associatedData());
        }
    }

    private static CompressionDictionary dictionary() {
        return new CompressionDictionary("zstd", DICTIONARY_ID, HEX.parseHex(DICTIONARY));
    }

    /** Padmé as docs/ENVELOPE.md defines it, written from the document. */
    private static int padme(int l) {
        if (l < 2) {
            return l;
        }
        int e = 31 - Integer.numberOfLeadingZeros(l);
        int s = 32 - Integer.numberOfLeadingZeros(e);
        int mask = e - s > 0 ? (1 << (e - s)) - 1 : 0;
        return (l + mask) & ~mask;
    }

    private static byte[] unpad(byte[] padded) {
        int end = padded.length - 1;
        while (padded[end] == 0) {
            end--;
        }
        assertThat(padded[end]).as("the byte before the zeros").isEqualTo((byte) 0x80);
        return Arrays.copyOf(padded, end);
    }

    private static String cipherName(int id) {
        return switch (id) {
            case 1 -> "xchacha20-poly1305";
            case 2 -> "chacha20-poly1305";
            default -> "aes-256-gcm";
        };
    }

    private static EncryptionEngineProvider provider(int id) {
        return switch (id) {
            case 1 -> new XChaCha20Poly1305Provider();
            case 2 -> new ChaCha20Poly1305Provider();
            default -> new AesGcmProvider();
        };
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

    private static Envelope.Builder builder(Vector v) {
        Envelope.Builder b = Envelope.builder().topic(v.topic()).id(ID).timestampMillis(TIMESTAMP).headers(v.headers()).flags(v.flags())
                .codecId(v.codecId()).compressionId(v.compressionId()).cipherId(v.cipherId()).keyId(1).nonce(HEX.parseHex(v.nonce()));
        return v.dictionaryId() != 0 ? b.dictionaryId(v.dictionaryId()) : b;
    }

    private static String hex(String utf8) {
        return HEX.formatHex(utf8.getBytes(StandardCharsets.UTF_8));
    }

    static String longJson() {
        return "{\"readings\":[" + "{\"celsius\":21.5,\"room\":\"kitchen\"},".repeat(15) + "{\"celsius\":21.5,\"room\":\"kitchen\"}]}";
    }
}
