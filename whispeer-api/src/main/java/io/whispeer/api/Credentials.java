package io.whispeer.api;

import java.util.Objects;

/**
 * What a remote client proves its identity with: a bearer token or a username and password. The server checks it
 * against hashes it stores (never the secret itself). {@link #toString()} never shows the secret.
 */
public sealed interface Credentials {
    /**
     * A bearer token, as issued by the server's administrator.
     *
     * @param token the token
     * @return the credentials
     */
    static Credentials token(String token) {
        return new Token(token);
    }

    /**
     * A username and password.
     *
     * @param username the username
     * @param password the password
     * @return the credentials
     */
    static Credentials password(String username, String password) {
        return new UsernamePassword(username, password);
    }

    /**
     * A bearer token.
     *
     * @param token the token, not empty
     */
    record Token(String token) implements Credentials {
        /** Checks the token. */
        public Token {
            if (Objects.requireNonNull(token, "token").isEmpty()) {
                throw new IllegalArgumentException("The token is empty");
            }
        }

        @Override
        public String toString() {
            return "Token[<redacted>]";
        }
    }

    /**
     * A username and password.
     *
     * @param username the username, not empty
     * @param password the password
     */
    record UsernamePassword(String username, String password) implements Credentials {
        /** Checks the username. */
        public UsernamePassword {
            if (Objects.requireNonNull(username, "username").isEmpty()) {
                throw new IllegalArgumentException("The username is empty");
            }
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "UsernamePassword[username=" + username + ", password=<redacted>]";
        }
    }
}
