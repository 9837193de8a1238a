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

import io.whispeer.api.EncryptionException;
import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.Settings;

/**
 * Runs every vector of Wycheproof's {@code aes_gcm_test.json}, from {@code shared/testvectors/wycheproof} in the
 * working directory or one of its parents (the repository's sibling {@code ../shared}). Every vector runs: those of
 * AES-256-GCM with 96-bit nonces and 128-bit tags must pass, and those of other key sizes must be refused by
 * {@code forKey}, those of other nonce or tag sizes by {@code open}. Skipped, with the reason, when the file is absent.
 */
class AesGcmWycheproofTest {
    private static final String FILE = "aes_gcm_test.json";
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyVectorRunsAes256GcmVectorsPassAndVectorsOfOtherKeyOrNonceSizesAreRefused() throws IOException {
        Optional<Path> file = findVectors(FILE);
        String reason = "Skipped: Wycheproof vectors not found: no shared/testvectors/wycheproof/" + FILE + " in "
                + Path.of("").toAbsolutePath() + " or its parents; check out the shared test vectors next to the repository";
        if (file.isEmpty()) {
            System.err.println(reason); // Surefire prints a test's stderr, not an assumption's message
        }
        assumeTrue(file.isPresent(), reason);
        JsonNode root = new ObjectMapper().readTree(file.get().toFile());
        int numberOfTests = root.get("numberOfTests").asInt();

        int passed = 0;
        Map<Integer, Integer> refusedKeys = new TreeMap<>();
        Map<Integer, Integer> refusedNonces = new TreeMap<>();
        Map<Integer, Integer> refusedTags = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        try (AesGcmEngine engine = (AesGcmEngine) new AesGcmProvider().create(Settings.empty())) {
            for (JsonNode group : root.get("testGroups")) {
                int keyBits = group.get("keySize").asInt();
                int ivBits = group.get("ivSize").asInt();
                int tagBits = group.get("tagSize").asInt();
                for (JsonNode vector : group.get("tests")) {
                    String id = "tcId " + vector.get("tcId").asInt() + " (" + keyBits + "-bit key, " + ivBits + "-bit nonce, "
                            + tagBits + "-bit tag, " + vector.get("comment").asText() + "): ";
                    Optional<String> failure;
                    if (keyBits != 256) {
                        failure = keySizeRefused(engine, vector);
                        refusedKeys.merge(keyBits, 1, Integer::sum);
                    } else if (ivBits != 96) {
                        failure = openRefused(engine, vector, "nonce");
                        refusedNonces.merge(ivBits, 1, Integer::sum);
                    } else if (tagBits != 128) {
                        failure = openRefused(engine, vector, "tag");
                        refusedTags.merge(tagBits, 1, Integer::sum);
                    } else {
                        failure = check(engine, vector);
                        if (failure.isEmpty()) {
                            passed++;
                        }
                    }
                    failure.ifPresent(f -> failures.add(id + f));
                }
            }
        }
        List<String> reasons = new ArrayList<>();
        describe(refusedKeys, "keys of", "refused by forKey").ifPresent(reasons::add);
        describe(refusedNonces, "256-bit keys and nonces of", "refused by open").ifPresent(reasons::add);
        describe(refusedTags, "256-bit keys and tags of", "refused by open").ifPresent(reasons::add);
        int refusedCount = Stream.of(refusedKeys, refusedNonces, refusedTags).flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        String summary = (passed + refusedCount) + " of " + numberOfTests + " run, 0 skipped: " + passed + " AES-256-GCM vectors passed, "
                + refusedCount + " outside the engine's sizes (256-bit keys, 96-bit nonces, 128-bit tags) refused as they must be ("
                + String.join("; ", reasons) + ")";
        System.out.println("Wycheproof " + FILE + ": " + summary);

        assertThat(failures).as(summary).isEmpty();
        assertThat(passed + refusedCount).as(summary).isEqualTo(numberOfTests);
        assertThat(passed).as(summary).isPositive();
    }

    private static Optional<String> describe(Map<Integer, Integer> counts, String what, String how) {
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        int count = counts.values().stream().mapToInt(Integer::intValue).sum();
        return Optional.of(count + " with " + what + " " + counts.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " bits, " + how);
    }

    /** A key of another size than 256 bits must be refused when it is bound, naming the size needed. */
    private static Optional<String> keySizeRefused(AesGcmEngine engine, JsonNode vector) {
        SecretKey key = new SecretKeySpec(hex(vector, "key"), "AES");
        try (KeyedCipher bound = engine.forKey(key)) {
            return Optional.of("forKey accepted a " + key.getEncoded().length + "-byte key (" + bound + ")");
        } catch (EncryptionException e) {
            return e.getMessage().contains("32 bytes") ? Optional.empty() : Optional.of("forKey refused with a message that does not name"
                    + " the size needed: " + e.getMessage());
        }
    }

    /** A vector whose nonce or tag the engine does not use must fail to open, even when Wycheproof calls it valid. */
    private static Optional<String> openRefused(AesGcmEngine engine, JsonNode vector, String what) {
        SecretKey key = new SecretKeySpec(hex(vector, "key"), "AES");
        byte[] ctAndTag = concat(hex(vector, "ct"), hex(vector, "tag"));
        try (KeyedCipher bound = engine.forKey(key)) {
            byte[] opened = bound.open(hex(vector, "iv"), ctAndTag, hex(vector, "aad"));
            return Optional.of("opened to " + opened.length + " bytes although its " + what + " size is not the engine's");
        } catch (MessageAuthenticationException e) {
            return Optional.empty();
        }
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
