package io.whispeer.crypto.aesgcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.Settings;

/**
 * Runs every vector of Wycheproof's {@code aes_gcm_test.json}, from {@code shared/testvectors/wycheproof} in the
 * working directory or one of its parents (the repository's sibling {@code ../shared}). Skipped when it is absent.
 */
class AesGcmWycheproofTest {
    private static final String FILE = "aes_gcm_test.json";
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyAes256GcmVectorWith96BitNonceAndFullTagPassesAndTheOthersAreCountedAsSkipped() throws IOException {
        Optional<Path> file = findVectors(FILE);
        assumeTrue(file.isPresent(), "Wycheproof vectors not found: no shared/testvectors/wycheproof/" + FILE + " in "
                + Path.of("").toAbsolutePath() + " or its parents; check out the shared test vectors next to the repository");
        JsonNode root = new ObjectMapper().readTree(file.get().toFile());
        int numberOfTests = root.get("numberOfTests").asInt();

        int passed = 0;
        Map<Integer, Integer> skippedKeys = new TreeMap<>();
        Map<Integer, Integer> skippedNonces = new TreeMap<>();
        Map<Integer, Integer> skippedTags = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        try (AesGcmEngine engine = (AesGcmEngine) new AesGcmProvider().create(Settings.empty())) {
            for (JsonNode group : root.get("testGroups")) {
                int keyBits = group.get("keySize").asInt();
                int ivBits = group.get("ivSize").asInt();
                int tagBits = group.get("tagSize").asInt();
                for (JsonNode vector : group.get("tests")) {
                    if (keyBits != 256) {
                        skippedKeys.merge(keyBits, 1, Integer::sum);
                        continue;
                    } else if (ivBits != 96) {
                        skippedNonces.merge(ivBits, 1, Integer::sum);
                        continue;
                    } else if (tagBits != 128) {
                        skippedTags.merge(tagBits, 1, Integer::sum);
                        continue;
                    }
                    Optional<String> failure = check(engine, vector);
                    if (failure.isPresent()) {
                        failures.add("tcId " + vector.get("tcId").asInt() + " (" + vector.get("comment").asText() + "): " + failure.get());
                    } else {
                        passed++;
                    }
                }
            }
        }
        List<String> reasons = new ArrayList<>();
        skippedKeys.forEach((bits, count) -> reasons.add(count + " with " + bits + "-bit keys"));
        describe(skippedNonces, "nonces").ifPresent(reasons::add);
        describe(skippedTags, "tags").ifPresent(reasons::add);
        int skippedCount = Stream.of(skippedKeys, skippedNonces, skippedTags).flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        String summary = passed + " of " + numberOfTests + " passed, " + skippedCount + " skipped (the engine is AES-256-GCM"
                + " with 96-bit nonces and 128-bit tags only: " + String.join(", ", reasons) + ")";
        System.out.println("Wycheproof " + FILE + ": " + summary);

        assertThat(failures).as(summary).isEmpty();
        assertThat(passed + skippedCount).as(summary).isEqualTo(numberOfTests);
        assertThat(passed).as(summary).isPositive();
    }

    private static Optional<String> describe(Map<Integer, Integer> skipped, String what) {
        if (skipped.isEmpty()) {
            return Optional.empty();
        }
        int count = skipped.values().stream().mapToInt(Integer::intValue).sum();
        return Optional.of(count + " with 256-bit keys and " + what + " of " + skipped.keySet().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + " bits");
    }

    private static Optional<String> check(AesGcmEngine engine, JsonNode vector) {
        SecretKey key = new SecretKeySpec(hex(vector, "key"), "AES");
        byte[] iv = hex(vector, "iv");
        byte[] aad = hex(vector, "aad");
        byte[] msg = hex(vector, "msg");
        byte[] ctAndTag = concat(hex(vector, "ct"), hex(vector, "tag"));
        String result = vector.get("result").asText();
        byte[] opened;
        try {
            opened = engine.forKey(key).open(iv, ctAndTag, aad);
        } catch (MessageAuthenticationException e) {
            return result.equals("valid") ? Optional.of("a valid vector did not open") : Optional.empty();
        }
        if (!result.equals("valid")) {
            return Optional.of("an invalid vector opened (" + result + ")");
        }
        if (!Arrays.equals(opened, msg)) {
            return Optional.of("opened to " + HEX.formatHex(opened) + " instead of msg");
        }
        byte[] sealed = engine.forKey(key).sealWithNonce(iv, msg, aad).ciphertext();
        if (!Arrays.equals(sealed, ctAndTag)) {
            return Optional.of("sealed to " + HEX.formatHex(sealed) + " instead of ct || tag");
        }
        return Optional.empty();
    }

    /**
     * Finds {@code shared/testvectors/wycheproof/<name>} in the working directory or a parent.
     *
     * @param name the file name
     * @return the file, or empty
     */
    static Optional<Path> findVectors(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testvectors").resolve("wycheproof").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static byte[] hex(JsonNode vector, String field) {
        return HEX.parseHex(vector.get(field).asText());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
