package io.whispeer.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Finds and reads the Wycheproof vectors in {@code shared/testvectors/wycheproof}, beside the repository. */
final class Wycheproof {
    private Wycheproof() {
    }

    static JsonNode load(String file) throws IOException {
        Optional<Path> found = locate(file);
        String reason = "Skipped: Wycheproof vectors not found: " + file + " is expected in shared/testvectors/wycheproof beside"
                + " the repository";
        if (found.isEmpty()) {
            System.err.println(reason); // Surefire prints a test's stderr, not an assumption's message
        }
        Assumptions.assumeTrue(found.isPresent(), reason);
        return new ObjectMapper().readTree(found.get().toFile());
    }

    private static Optional<Path> locate(String file) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/testvectors/wycheproof").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
