package io.whispeer.crypto.chacha;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.whispeer.api.MessageAuthenticationException;
import io.whispeer.api.spi.EncryptionEngineProvider;

/**
 * Runs every vector of Wycheproof's {@code chacha20_poly1305_test.json} and {@code xchacha20_poly1305_test.json}:
 * valid ones must open to their message and seal, with their nonce, to their ciphertext and tag; invalid ones must
 * fail to open with {@link MessageAuthenticationException}. Vectors whose nonce has a size the engine does not take
 * count as skipped, and must still fail to open. The files are looked for in {@code shared/testvectors/wycheproof}
 * of the working directory or a directory above it (the repository's {@code ../shared}), or in the directory
 * that the system property {@code whispeer.testvectors} names; without them the tests are skipped.
 */
class WycheproofTest {
    private static final String PROPERTY = "whispeer.testvectors";
    private static final Path RELATIVE = Path.of("shared", "testvectors", "wycheproof");
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void chacha20Poly1305PassesEveryWycheproofVector() throws IOException {
        runAll("chacha20_poly1305_test.json", new ChaCha20Poly1305Provider());
    }

    @Test
    void xchacha20Poly1305PassesEveryWycheproofVector() throws IOException {
        runAll("xchacha20_poly1305_test.json", new XChaCha20Poly1305Provider());
    }

    private static void runAll(String fileName, EncryptionEngineProvider provider) throws IOException {
        Optional<Path> file = find(fileName);
        String missing = "Skipped: Wycheproof's " + fileName + " was not found "
                + (System.getProperty(PROPERTY) != null ? "in -D" + PROPERTY + "=" + System.getProperty(PROPERTY)
                        : "in " + RELATIVE + " of " + Path.of("").toAbsolutePath() + " or any directory above it; -D" + PROPERTY
                                + "=<dir> names another place");
        if (file.isEmpty()) {
            System.err.println(missing); // Surefire prints a test's stderr, not an assumption's message
        }
        Assumptions.assumeTrue(file.isPresent(), missing);
        JsonNode root = new ObjectMapper().readTree(file.get().toFile());
        int numberOfTests = root.get("numberOfTests").asInt();
        int passed = 0;
        List<String> failures = new ArrayList<>();
        TreeSet<Integer> skippedNonceBits = new TreeSet<>();
        int skipped = 0;
        int nonceBits;
        try (ChaChaPoly1305Engine opener = TestKeys.engine(provider)) {
            nonceBits = opener.nonceSize() * 8;
            for (JsonNode group : root.get("testGroups")) {
                for (JsonNode vector : group.get("tests")) {
                    Vector v = new Vector(vector);
                    Optional<String> failure;
                    if (v.nonce.length != opener.nonceSize()) {
                        skipped++;
                        skippedNonceBits.add(v.nonce.length * 8);
                        failure = v.valid ? Optional.of("a valid vector with a nonce the engine does not take")
                                : mustNotOpen(opener, v);
                    } else if (v.valid) {
                        failure = sealsAndOpens(provider, opener, v);
                    } else {
                        failure = mustNotOpen(opener, v);
                    }
                    if (failure.isPresent()) {
                        failures.add("tcId " + v.id + " (" + v.result + ", " + v.comment + ", " + v.flags + "): " + failure.get());
                    } else if (v.nonce.length == opener.nonceSize()) {
                        passed++;
                    }
                }
            }
        }
        String reason = "invalid nonce sizes of " + String.join(", ", skippedNonceBits.stream().map(String::valueOf).toList())
                + " bits, which " + provider.name() + " does not take: it takes only " + nonceBits + "-bit nonces; open rejected each of them as required";
        System.out.println("Wycheproof " + fileName + " on " + provider.name() + ": " + passed + " of " + numberOfTests + " passed, "
                + skipped + " skipped (" + (skipped == 0 ? "none" : reason) + ")" + (failures.isEmpty() ? "" : ", " + failures.size() + " FAILED"));
        assertThat(failures).as("failed Wycheproof vectors of %s", fileName).isEmpty();
        assertThat(passed + skipped).as("passed + skipped of %s", fileName).isEqualTo(numberOfTests);
    }

    private static Optional<String> sealsAndOpens(EncryptionEngineProvider provider, ChaChaPoly1305Engine opener, Vector v) {
        byte[] expected = concat(v.ciphertext, v.tag);
        // A fresh engine seals: the JCE rightly refuses to encrypt twice in a row with one key and nonce on the same
        // Cipher, and several vectors share a key and a nonce.
        try (ChaChaPoly1305Engine sealer = TestKeys.engine(provider)) {
            byte[] sealed = sealer.forKey(v.key).sealWithNonce(v.nonce, v.message, v.aad);
            if (!Arrays.equals(sealed, expected)) {
                return Optional.of("sealed to " + HEX.formatHex(sealed) + ", expected " + HEX.formatHex(expected));
            }
        } catch (RuntimeException e) {
            return Optional.of("sealing threw " + e);
        }
        try {
            byte[] opened = opener.forKey(v.key).open(v.nonce, expected, v.aad);
            if (!Arrays.equals(opened, v.message)) {
                return Optional.of("opened to " + HEX.formatHex(opened) + ", expected " + HEX.formatHex(v.message));
            }
        } catch (RuntimeException e) {
            return Optional.of("opening threw " + e);
        }
        return Optional.empty();
    }

    private static Optional<String> mustNotOpen(ChaChaPoly1305Engine opener, Vector v) {
        try {
            byte[] opened = opener.forKey(v.key).open(v.nonce, concat(v.ciphertext, v.tag), v.aad);
            return Optional.of("opened to " + opened.length + " bytes instead of throwing MessageAuthenticationException");
        } catch (MessageAuthenticationException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("threw " + e + " instead of MessageAuthenticationException");
        }
    }

    private static Optional<Path> find(String fileName) {
        String property = System.getProperty(PROPERTY);
        if (property != null) {
            Path named = Path.of(property).resolve("wycheproof").resolve(fileName);
            Path direct = Path.of(property).resolve(fileName);
            return Files.isRegularFile(named) ? Optional.of(named) : Files.isRegularFile(direct) ? Optional.of(direct) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE).resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** One test vector. */
    private static final class Vector {
        final int id;
        final String comment;
        final String flags;
        final String result;
        final boolean valid;
        final SecretKey key;
        final byte[] nonce;
        final byte[] aad;
        final byte[] message;
        final byte[] ciphertext;
        final byte[] tag;

        Vector(JsonNode node) {
            id = node.get("tcId").asInt();
            comment = node.get("comment").asText();
            flags = node.get("flags").toString();
            result = node.get("result").asText();
            if (!result.equals("valid") && !result.equals("invalid")) {
                throw new IllegalArgumentException("tcId " + id + " has result '" + result + "'; this test knows valid and invalid only");
            }
            valid = result.equals("valid");
            key = new SecretKeySpec(HEX.parseHex(node.get("key").asText()), "ChaCha20");
            nonce = HEX.parseHex(node.get("iv").asText());
            aad = HEX.parseHex(node.get("aad").asText());
            message = HEX.parseHex(node.get("msg").asText());
            ciphertext = HEX.parseHex(node.get("ct").asText());
            tag = HEX.parseHex(node.get("tag").asText());
        }
    }
}
