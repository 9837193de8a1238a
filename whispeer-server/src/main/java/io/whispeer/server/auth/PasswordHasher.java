package io.whispeer.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import io.whispeer.api.spi.Settings;

/**
 * Hashes passwords and tokens with Argon2id (RFC 9106, Bouncy Castle) into the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<parallelism>$<salt>$<hash>} (salt and hash in unpadded standard
 * base64), and verifies secrets against such strings. The strings go into the auth file ({@code user} and
 * {@code token} lines); {@code whispeer hash-password} prints one.
 *
 * <p>{@link #hash} uses this hasher's {@link Parameters}; {@link #verify} uses the parameters stored in the hash, so
 * raising the cost later does not invalidate existing hashes. Both are slow on purpose (tens of milliseconds and
 * {@code m} KiB of memory with the defaults): a server must call them off its I/O threads. Instances are immutable
 * and thread-safe.
 */
public final class PasswordHasher {
    /** Setting: Argon2 memory in KiB for new hashes; default {@value Parameters#DEFAULT_MEMORY_KIB}. */
    public static final String MEMORY_SETTING = "whispeer.server.auth.argon2.memory-kib";
    /** Setting: Argon2 iterations (passes) for new hashes; default {@value Parameters#DEFAULT_ITERATIONS}. */
    public static final String ITERATIONS_SETTING = "whispeer.server.auth.argon2.iterations";
    /** Setting: Argon2 lanes for new hashes; default {@value Parameters#DEFAULT_PARALLELISM}. */
    public static final String PARALLELISM_SETTING = "whispeer.server.auth.argon2.parallelism";

    private static final String PREFIX = "$argon2id$v=19$";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Parameters parameters;

    private PasswordHasher(Parameters parameters) {
        this.parameters = parameters;
    }

    /**
     * Argon2id cost parameters.
     *
     * @param memoryKib   memory in KiB, at least {@code 8 * parallelism} and at most {@value #MAX_MEMORY_KIB}
     * @param iterations  passes over the memory, 1 to {@value #MAX_ITERATIONS}
     * @param parallelism lanes, 1 to {@value #MAX_PARALLELISM}
     */
    public record Parameters(int memoryKib, int iterations, int parallelism) {
        /** Default memory: 19 MiB (the OWASP password storage recommendation for Argon2id). */
        public static final int DEFAULT_MEMORY_KIB = 19_456;
        /** Default iterations. */
        public static final int DEFAULT_ITERATIONS = 2;
        /** Default lanes. */
        public static final int DEFAULT_PARALLELISM = 1;
        /** Largest accepted memory, 4 GiB in KiB, also for stored hashes. */
        public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
        /** Largest accepted iteration count, also for stored hashes. */
        public static final int MAX_ITERATIONS = 1024;
        /** Largest accepted lane count, also for stored hashes. */
        public static final int MAX_PARALLELISM = 64;

        /** Checks the ranges; the message names the bad value and the range. */
        public Parameters {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("Invalid Argon2 parallelism " + parallelism + "; it must be between 1 and " + MAX_PARALLELISM);
            }
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("Invalid Argon2 iterations " + iterations + "; it must be between 1 and " + MAX_ITERATIONS);
            }
            if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
                throw new IllegalArgumentException("Invalid Argon2 memory " + memoryKib + " KiB; it must be between 8 x parallelism ("
                        + 8 * parallelism + ") and " + MAX_MEMORY_KIB + " KiB");
            }
        }

        /** {@return the defaults: 19456 KiB, 2 iterations, 1 lane} */
        public static Parameters defaults() {
            return new Parameters(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
        }
    }

    /** {@return a hasher with {@link Parameters#defaults()}} */
    public static PasswordHasher defaults() {
        return new PasswordHasher(Parameters.defaults());
    }

    /**
     * A hasher with the given parameters for new hashes.
     *
     * @param parameters the cost of new hashes
     * @return the hasher
     */
    public static PasswordHasher of(Parameters parameters) {
        return new PasswordHasher(Objects.requireNonNull(parameters, "parameters"));
    }

    /**
     * A hasher configured by {@value #MEMORY_SETTING}, {@value #ITERATIONS_SETTING} and {@value #PARALLELISM_SETTING}
     * (broker-wide keys), each defaulting to {@link Parameters#defaults()}.
     *
     * @param settings the broker-wide settings
     * @return the hasher
     * @throws io.whispeer.api.ConfigurationException when a value is not a number in its range
     */
    public static PasswordHasher fromSettings(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        int parallelism = settings.getInt(PARALLELISM_SETTING, Parameters.DEFAULT_PARALLELISM, 1, Parameters.MAX_PARALLELISM);
        int iterations = settings.getInt(ITERATIONS_SETTING, Parameters.DEFAULT_ITERATIONS, 1, Parameters.MAX_ITERATIONS);
        int memory = settings.getInt(MEMORY_SETTING, Parameters.DEFAULT_MEMORY_KIB, 8 * parallelism, Parameters.MAX_MEMORY_KIB);
        return new PasswordHasher(new Parameters(memory, iterations, parallelism));
    }

    /** {@return the parameters of new hashes} */
    public Parameters parameters() {
        return parameters;
    }

    /**
     * Hashes a secret with a fresh random salt. Slow: call it off I/O threads.
     *
     * @param secret the password or token; this method does not clear it
     * @return the PHC string
     */
    public String hash(char[] secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(secret, salt, parameters, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p=" + parameters.parallelism()
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Hashes a secret with a fresh random salt. Slow: call it off I/O threads.
     *
     * @param secret the password or token
     * @return the PHC string
     */
    public String hash(String secret) {
        char[] chars = Objects.requireNonNull(secret, "secret").toCharArray();
        try {
            return hash(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Checks a secret against a stored hash, with the parameters stored in the hash and a constant-time comparison.
     * Slow: call it off I/O threads.
     *
     * @param secret  the password or token; this method does not clear it
     * @param encoded the stored PHC string
     * @return whether the secret matches
     * @throws IllegalArgumentException when {@code encoded} is not an Argon2id v19 PHC string; the message says what
     *                                  is wrong
     */
    public boolean verify(char[] secret, String encoded) {
        Objects.requireNonNull(secret, "secret");
        Stored stored = Stored.parse(encoded);
        byte[] actual = derive(secret, stored.salt(), stored.parameters(), stored.hash().length);
        return MessageDigest.isEqual(actual, stored.hash());
    }

    /**
     * Checks a secret against a stored hash; see {@link #verify(char[], String)}.
     *
     * @param secret  the password or token
     * @param encoded the stored PHC string
     * @return whether the secret matches
     * @throws IllegalArgumentException when {@code encoded} is not an Argon2id v19 PHC string
     */
    public boolean verify(String secret, String encoded) {
        char[] chars = Objects.requireNonNull(secret, "secret").toCharArray();
        try {
            return verify(chars, encoded);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Checks that a string is an Argon2id v19 PHC string this class can verify.
     *
     * @param encoded the string
     * @throws IllegalArgumentException naming what is wrong and the expected shape
     */
    static void checkFormat(String encoded) {
        Stored.parse(encoded);
    }

    private static byte[] derive(char[] secret, byte[] salt, Parameters parameters, int length) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(parameters.memoryKib())
                    .withIterations(parameters.iterations())
                    .withParallelism(parameters.parallelism())
                    .build());
            byte[] out = new byte[length];
            generator.generateBytes(bytes, out);
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A parsed PHC string. */
    private record Stored(Parameters parameters, byte[] salt, byte[] hash) {
        private static final String SHAPE = "expected $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt base64>$<hash base64>,"
                + " as printed by 'whispeer hash-password'";

        static Stored parse(String encoded) {
            Objects.requireNonNull(encoded, "encoded");
            if (!encoded.startsWith(PREFIX)) {
                String found = encoded.startsWith("$") ? encoded.substring(0, Math.max(1, encoded.indexOf('$', 1) + 1)) : "no '$' prefix";
                throw new IllegalArgumentException("Not an Argon2id v19 hash (found " + found + "); " + SHAPE);
            }
            String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("Not an Argon2id hash: it has " + (parts.length + 3) + " '$'-separated parts, not 5; " + SHAPE);
            }
            Parameters parameters = parseParameters(parts[0]);
            byte[] salt = decode(parts[1], "salt");
            byte[] hash = decode(parts[2], "hash");
            if (salt.length < 8 || salt.length > 64) {
                throw new IllegalArgumentException("Invalid Argon2id hash: the salt is " + salt.length + " bytes; it must be 8 to 64");
            }
            if (hash.length < 16 || hash.length > 64) {
                throw new IllegalArgumentException("Invalid Argon2id hash: the hash is " + hash.length + " bytes; it must be 16 to 64");
            }
            return new Stored(parameters, salt, hash);
        }

        private static Parameters parseParameters(String text) {
            String[] fields = text.split(",", -1);
            if (fields.length != 3 || !fields[0].startsWith("m=") || !fields[1].startsWith("t=") || !fields[2].startsWith("p=")) {
                throw new IllegalArgumentException("Invalid Argon2id parameters '" + text + "'; expected m=<KiB>,t=<iterations>,p=<lanes>");
            }
            try {
                return new Parameters(Integer.parseInt(fields[0].substring(2)), Integer.parseInt(fields[1].substring(2)),
                        Integer.parseInt(fields[2].substring(2)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid Argon2id parameters '" + text + "': not numbers; expected m=<KiB>,t=<iterations>,p=<lanes>");
            }
        }

        private static byte[] decode(String text, String what) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid Argon2id hash: the " + what + " is not base64 (" + e.getMessage() + "); " + SHAPE);
            }
        }
    }
}
