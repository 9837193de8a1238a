package io.whispeer.server.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A newly generated bearer token and the auth file line that grants it. Tokens look like
 * {@code wpt_<tokenId>_<secret>}: the token id (16 lowercase base32 characters) selects the one stored hash to check,
 * so a server runs one Argon2id verification per attempt, however many tokens it stores; the secret is 32 random
 * bytes in unpadded base64url. The file stores only the Argon2id hash of the whole token.
 *
 * <p>Show {@link #token()} to its holder once; it cannot be recovered from the file. {@link #toString()} never shows
 * it.
 *
 * @param principal the principal the token authenticates as
 * @param tokenId   the token's public id
 * @param token     the secret bearer token, {@code wpt_<tokenId>_<secret>}
 * @param fileLine  the line to add to the auth file: {@code token <principal> <tokenId> <hash>}
 */
public record IssuedToken(String principal, String tokenId, String token, String fileLine) {
    /** The prefix of every token. */
    public static final String PREFIX = "wpt_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** Checks the components. */
    public IssuedToken {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(fileLine, "fileLine");
    }

    /**
     * Generates a token for a principal and hashes it. Slow (one Argon2id hash).
     *
     * @param principal the principal, a valid auth file name ({@code [A-Za-z0-9][A-Za-z0-9._@-]*}, not {@code *} or
     *                  {@code anonymous})
     * @param hasher    the hasher that sets the cost of the stored hash
     * @return the token and its file line
     * @throws IllegalArgumentException when the principal is not a valid name
     */
    public static IssuedToken issue(String principal, PasswordHasher hasher) {
        Objects.requireNonNull(hasher, "hasher");
        AuthFile.checkPrincipalName(principal).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        byte[] idBytes = new byte[10];
        RANDOM.nextBytes(idBytes);
        StringBuilder id = new StringBuilder(16);
        long bits = 0;
        int count = 0;
        for (byte b : idBytes) {
            bits = (bits << 8) | (b & 0xff);
            count += 8;
            while (count >= 5) {
                id.append(BASE32[(int) (bits >>> (count - 5)) & 31]);
                count -= 5;
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = "token " + principal + " " + id + " " + hasher.hash(token);
        return new IssuedToken(principal, id.toString(), token, line);
    }

    /**
     * The token id of a presented token.
     *
     * @param token a presented bearer token
     * @return its id, or empty when the token is not of the form {@code wpt_<tokenId>_<secret>}
     */
    static Optional<String> idOf(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = token.indexOf('_', PREFIX.length());
        if (end <= PREFIX.length() || end == token.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(token.substring(PREFIX.length(), end));
    }

    @Override
    public String toString() {
        return "IssuedToken[principal=" + principal + ", tokenId=" + tokenId + ", token=<redacted>]";
    }
}
