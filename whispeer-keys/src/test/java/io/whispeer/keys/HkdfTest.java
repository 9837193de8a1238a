package io.whispeer.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** HKDF-SHA256 against every Wycheproof vector. */
class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyWycheproofHkdfSha256VectorPasses() throws Exception {
        JsonNode root = Wycheproof.load("hkdf_sha256_test.json");
        int total = root.get("numberOfTests").asInt();
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                byte[] ikm = HEX.parseHex(t.get("ikm").asText());
                byte[] salt = HEX.parseHex(t.get("salt").asText());
                byte[] info = HEX.parseHex(t.get("info").asText());
                int size = t.get("size").asInt();
                String result = t.get("result").asText();
                String outcome;
                try {
                    outcome = HEX.formatHex(Hkdf.sha256(ikm, salt, info, size));
                } catch (RuntimeException e) {
                    outcome = null;
                }
                boolean ok = result.equals("invalid") ? outcome == null : t.get("okm").asText().equals(outcome);
                if (ok) {
                    passed++;
                } else {
                    failures.add("tcId " + t.get("tcId").asInt() + " (" + result + ")");
                }
            }
        }
        System.out.println("Wycheproof hkdf_sha256_test.json: " + passed + " of " + total + " passed, 0 skipped");
        assertThat(failures).isEmpty();
        assertThat(passed).isEqualTo(total);
    }

    @Test
    void rfc5869FirstVectorIsReproduced() {
        byte[] okm = Hkdf.sha256(HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), HEX.parseHex("000102030405060708090a0b0c"),
                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(HEX.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }
}
