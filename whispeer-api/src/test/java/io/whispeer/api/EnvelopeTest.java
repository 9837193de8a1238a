package io.whispeer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The version 1 byte layout of the sealed part. */
class EnvelopeTest {
    private static final MessageId ID = MessageId.parse("0102030405060708090a0b0c0d0e0f10");

    private static Envelope.Builder sample() {
        return Envelope.builder().topic("a/b").id(ID).timestamp(Instant.ofEpochMilli(42)).headers(Headers.of("k", "v"))
                .flags(Envelope.FLAG_COMPRESSED).codecId(1).compressionId(2).cipherId(200).keyId(0xDEADBEEF)
                .nonce(new byte[] {9, 8, 7}).payload(new byte[] {1, 2, 3, 4});
    }

    @Test
    void sealedPartHasTheDocumentedLayout() {
        assertThat(HexFormat.of().formatHex(sample().build().toBytes()))
                .isEqualTo("57" + "01" + "01" + "01" + "02" + "c8" + "deadbeef" + "03" + "090807" + "01020304");
    }

    @Test
    void dictionaryIdFollowsTheKeyIdWhenFlagged() {
        Envelope e = sample().dictionaryId(5).build();
        assertThat(HexFormat.of().formatHex(e.headerBytes())).isEqualTo("5701050102c8deadbeef00000005");
        assertThat(e.dictionaryId()).hasValue(5);
    }

    @Test
    void theSealedBufferOfAParsedEnvelopeIsAReadOnlyViewOfTheBytesItWasParsedFrom() {
        byte[] sealed = sample().build().toBytes();
        Envelope parsed = Envelope.parse("a/b", ID, Instant.ofEpochMilli(42), Headers.of("k", "v"), sealed);

        java.nio.ByteBuffer view = parsed.sealedBuffer();
        assertThat(view.isReadOnly()).isTrue();
        byte[] read = new byte[view.remaining()];
        view.get(read);
        assertThat(read).isEqualTo(sealed);
        sealed[sealed.length - 1] = 99; // a view, not a copy: the change shows through
        assertThat(parsed.sealedBuffer().get(sealed.length - 1)).isEqualTo((byte) 99);
    }

    @Test
    void theSealedBufferOfABuiltEnvelopeHoldsToBytesAndIsBuiltOnce() {
        Envelope built = sample().build();
        java.nio.ByteBuffer first = built.sealedBuffer();
        java.nio.ByteBuffer second = built.sealedBuffer();

        assertThat(first).isEqualTo(java.nio.ByteBuffer.wrap(built.toBytes()));
        assertThat(second).isEqualTo(first);
        assertThat(second).isNotSameAs(first); // each caller gets its own position and limit
    }

    @Test
    void parseReadsWhatToBytesWrote() {
        Envelope original = sample().dictionaryId(77).build();
        Envelope parsed = Envelope.parse("a/b", ID, Instant.ofEpochMilli(42), Headers.of("k", "v"), original.toBytes());
        assertThat(parsed.toBytes()).isEqualTo(original.toBytes());
        assertThat(parsed.keyId()).isEqualTo(0xDEADBEEF);
        assertThat(parsed.nonce()).containsExactly(9, 8, 7);
        assertThat(parsed.payloadSize()).isEqualTo(4);
        assertThat(parsed.isCompressed()).isTrue();
        assertThat(parsed.isPadded()).isFalse();
    }

    @Test
    void parseRejectsOtherVersionsTruncationAndGarbageWithTheReason() {
        byte[] bytes = sample().build().toBytes();
        byte[] v2 = bytes.clone();
        v2[1] = 2;
        assertThatThrownBy(() -> Envelope.parse("a", ID, Instant.EPOCH, Headers.empty(), v2)).hasMessageContaining("Unsupported envelope version 2");
        byte[] notW = bytes.clone();
        notW[0] = 'X';
        assertThatThrownBy(() -> Envelope.parse("a", ID, Instant.EPOCH, Headers.empty(), notW)).hasMessageContaining("first byte is not 'W'");
        assertThatThrownBy(() -> Envelope.parse("a", ID, Instant.EPOCH, Headers.empty(), new byte[5])).hasMessageContaining("at least 11 needed");
        byte[] shortNonce = java.util.Arrays.copyOf(bytes, 12);
        assertThatThrownBy(() -> Envelope.parse("a", ID, Instant.EPOCH, Headers.empty(), shortNonce)).hasMessageContaining("Truncated envelope");
    }

    @Test
    void parseRefusesUnknownFlagBits() {
        byte[] bytes = sample().build().toBytes();
        bytes[2] |= 0x08;
        assertRefused(bytes, "Unknown envelope flags 0x9");
    }

    @Test
    void parseRefusesACompressedFlagWithoutACompressionId() {
        assertRefused(sample().compressionId(0), "compressed flag is set with compression id 0");
    }

    @Test
    void parseRefusesACompressionIdWithoutTheCompressedFlag() {
        assertRefused(sample().flags(0), "compressed flag is clear with compression id 2");
    }

    @Test
    void parseRefusesADictionaryFlagWithoutCompression() {
        assertRefused(sample().flags(0).compressionId(0).dictionaryId(5), "dictionary flag is set without the compressed flag");
    }

    @Test
    void parseRefusesCipherNoneWithAKeyId() {
        assertRefused(sample().cipherId(0).nonce(new byte[0]).keyId(7), "cipher 0 (none) with key id 7");
    }

    @Test
    void parseRefusesCipherNoneWithANonce() {
        assertRefused(sample().cipherId(0).keyId(0), "cipher 0 (none) with a nonce of 3 bytes");
    }

    @Test
    void parseRefusesCipherNoneWithThePaddedFlag() {
        assertRefused(sample().cipherId(0).keyId(0).nonce(new byte[0]).flags(Envelope.FLAG_COMPRESSED | Envelope.FLAG_PADDED),
                "cipher 0 (none) with the padded flag");
    }

    @Test
    void parseRefusesABuiltInCipherWithAnotherNonceLength() {
        assertRefused(sample().cipherId(1).nonce(new byte[12]).payload(new byte[16]), "cipher 1 with a nonce of 12 bytes; that cipher's nonce has 24");
        assertRefused(sample().cipherId(2).nonce(new byte[24]).payload(new byte[16]), "cipher 2 with a nonce of 24 bytes; that cipher's nonce has 12");
        assertRefused(sample().cipherId(3).nonce(new byte[0]).payload(new byte[16]), "cipher 3 with a nonce of 0 bytes; that cipher's nonce has 12");
    }

    @Test
    void parseRefusesABuiltInCipherWhosePayloadCannotHoldTheTag() {
        assertRefused(sample().cipherId(3).nonce(new byte[12]).payload(new byte[15]), "payload of 15 bytes, shorter than its 16-byte tag");
    }

    @Test
    void parseAcceptsConsistentUnsealedAndSealedEnvelopes() {
        Envelope plain = sample().cipherId(0).keyId(0).nonce(new byte[0]).build();
        Envelope sealed = sample().cipherId(1).nonce(new byte[24]).payload(new byte[16]).flags(Envelope.FLAG_COMPRESSED | Envelope.FLAG_PADDED)
                .dictionaryId(3).build();
        for (Envelope e : new Envelope[] {plain, sealed}) {
            assertThat(Envelope.parse("a/b", ID, Instant.ofEpochMilli(42), Headers.of("k", "v"), e.toBytes()).toBytes()).isEqualTo(e.toBytes());
        }
    }

    private static void assertRefused(Envelope.Builder inconsistent, String reason) {
        assertRefused(inconsistent.build().toBytes(), reason);
        assertThatThrownBy(() -> inconsistent.build().checkConsistent()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    private static void assertRefused(byte[] sealed, String reason) {
        assertThatThrownBy(() -> Envelope.parse("a/b", ID, Instant.EPOCH, Headers.empty(), sealed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void associatedDataHasTheDocumentedLayout() throws Exception {
        Envelope e = sample().build();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex("000000016b" + "0000000176"));
        assertThat(HexFormat.of().formatHex(e.associatedData())).isEqualTo("5701010102c8deadbeef" + "0003" + "612f62"
                + "0102030405060708090a0b0c0d0e0f10" + "000000000000002a" + HexFormat.of().formatHex(digest));
    }

    @Test
    void associatedDataChangesWithTopicIdTimestampAndHeaders() {
        byte[] base = sample().build().associatedData();
        assertThat(sample().topic("a/c").build().associatedData()).isNotEqualTo(base);
        assertThat(sample().id(MessageId.generate()).build().associatedData()).isNotEqualTo(base);
        assertThat(sample().timestamp(Instant.ofEpochMilli(43)).build().associatedData()).isNotEqualTo(base);
        assertThat(sample().headers(Headers.of("k", "w")).build().associatedData()).isNotEqualTo(base);
        assertThat(sample().flags(0).build().associatedData()).isNotEqualTo(base);
    }

    @Test
    void headersThatDifferOnlyInUnpairedSurrogatesCannotProduceTheSameAssociatedData() {
        assertThatThrownBy(() -> Headers.of("k", "a\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value of header 'k'").hasMessageContaining("unpaired surrogate U+D800 at index 1");
        assertThatThrownBy(() -> Headers.of("k", "a\uDC01")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate U+DC01 at index 1");
        assertThatThrownBy(() -> Headers.of("k\uDBFF", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'k\\uDBFF'").hasMessageContaining("at index 1");
        assertThatThrownBy(() -> Headers.of(java.util.Map.of("\uDC00x", "v"))).hasMessageContaining("at index 0");
        byte[] grinning = sample().headers(Headers.of("k", "\uD83D\uDE00")).build().associatedData();
        byte[] beaming = sample().headers(Headers.of("k", "\uD83D\uDE01")).build().associatedData();
        assertThat(grinning).as("well-formed pairs still encode, and differently").isNotEqualTo(beaming);
    }

    @Test
    void toStringShowsSizesNotBytes() {
        assertThat(sample().build().toString()).contains("payload=4 bytes").contains("keyId=3735928559").doesNotContain("1, 2, 3");
    }
}
