package io.whispeer.server.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Authenticator#authenticate}: an authenticated principal, an anonymous client, or a rejection
 * whose {@linkplain Rejected#reason() reason} goes into the ERROR frame ({@code AUTHENTICATION_FAILED}) before the
 * server closes the connection.
 */
public sealed interface AuthResult permits AuthResult.Authenticated, AuthResult.Anonymous, AuthResult.Rejected {
    /**
     * The one reason for wrong credentials: the same for an unknown user, a wrong password, an unknown, malformed or
     * wrong token, so that a client cannot tell which names exist.
     */
    String INVALID_CREDENTIALS = "Authentication failed: the username and password or the token were not accepted";

    /** The reason when a client sends no credentials and anonymous access is off. */
    String CREDENTIALS_REQUIRED = "Authentication failed: this server requires credentials; connect with"
            + " ClientOptions.credentials(Credentials.token(...)) or Credentials.password(...)";

    /** {@return whether the client may proceed (authenticated or anonymous)} */
    boolean accepted();

    /**
     * {@return the principal for {@code ClientInfo.principal()}: the name when authenticated, empty when anonymous
     * or rejected}
     */
    Optional<String> principal();

    /**
     * The client proved it is {@code name}.
     *
     * @param name the principal name from the auth file
     */
    record Authenticated(String name) implements AuthResult {
        /** Checks the name. */
        public Authenticated {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public Optional<String> principal() {
            return Optional.of(name);
        }
    }

    /** The client sent no credentials and anonymous access is on. */
    record Anonymous() implements AuthResult {
        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public Optional<String> principal() {
            return Optional.empty();
        }
    }

    /**
     * The client may not connect.
     *
     * @param reason for the client's ERROR frame; reveals neither secrets nor whether a user exists
     */
    record Rejected(String reason) implements AuthResult {
        /** Checks the reason. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public Optional<String> principal() {
            return Optional.empty();
        }
    }
}
