package io.whispeer.server.auth;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Credentials;
import io.whispeer.api.spi.Settings;

/**
 * Decides who a connecting client is, from the credentials of its CONNECT frame. Build one per server with
 * {@link #fromSettings(Settings)} and call it once per connection, before CONNACK.
 *
 * <p><b>Threads.</b> {@link #authenticate} runs Argon2id, which takes tens of milliseconds and megabytes of memory on
 * purpose: the server must call it off its I/O threads (for example on a virtual thread) and resume the session when
 * it returns. Implementations must be thread-safe. At most {@value #MAX_CONCURRENT_SETTING} verifications run at
 * once (default: the number of processors); a caller waits up to 10 seconds for its turn and is then rejected as
 * busy, so a burst of connects cannot exhaust memory.
 *
 * <p><b>Settings</b> (broker-wide):
 * <ul>
 *   <li>{@value #FILE_SETTING}: the auth file (users, tokens, ACL rules; format in the package documentation). No
 *       default.</li>
 *   <li>{@value #ANONYMOUS_SETTING}: {@code true} lets clients without credentials in, as principal-less clients
 *       that the ACL rules of {@code anonymous} govern. Default {@code false}.</li>
 *   <li>{@value #MAX_CONCURRENT_SETTING}: concurrent Argon2id verifications. Default: available processors.</li>
 *   <li>{@link PasswordHasher#MEMORY_SETTING}, {@link PasswordHasher#ITERATIONS_SETTING},
 *       {@link PasswordHasher#PARALLELISM_SETTING}: the cost of new hashes (stored hashes carry their own).</li>
 * </ul>
 */
public interface Authenticator {
    /** Setting: path of the auth file. */
    String FILE_SETTING = "whispeer.server.auth.file";
    /** Setting: whether clients without credentials may connect; default {@code false}. */
    String ANONYMOUS_SETTING = "whispeer.server.auth.anonymous";
    /** Setting: how many Argon2id verifications may run at once; default the number of processors. */
    String MAX_CONCURRENT_SETTING = "whispeer.server.auth.max-concurrent";
    /** Every setting key this package reads, for the server's unknown-key check. */
    Set<String> SETTING_KEYS = Set.of(FILE_SETTING, ANONYMOUS_SETTING, MAX_CONCURRENT_SETTING, PasswordHasher.MEMORY_SETTING,
            PasswordHasher.ITERATIONS_SETTING, PasswordHasher.PARALLELISM_SETTING);

    /**
     * Authenticates a connecting client. Must be called off I/O threads (it may run Argon2id and wait for a turn).
     * Never throws for bad credentials: it returns a {@link AuthResult.Rejected} whose reason is
     * {@link AuthResult#INVALID_CREDENTIALS} whatever was wrong (unknown user, wrong password, unknown or malformed
     * token), or {@link AuthResult#CREDENTIALS_REQUIRED} when none were sent and anonymous access is off. Credentials
     * that were sent are checked even when anonymous access is on: wrong ones are rejected, never downgraded to
     * anonymous.
     *
     * @param credentials   the CONNECT frame's credentials, empty when it carried none
     * @param remoteAddress the client's address, for the log line of a failed attempt
     * @return the outcome
     */
    AuthResult authenticate(Optional<Credentials> credentials, SocketAddress remoteAddress);

    /** {@return whether clients without credentials are let in} */
    boolean anonymousAllowed();

    /**
     * Builds the authenticator the settings describe: it loads {@value #FILE_SETTING} (after an owner-only permission
     * check) and reads {@value #ANONYMOUS_SETTING}.
     *
     * @param settings the broker-wide settings
     * @return the authenticator
     * @throws ConfigurationException when neither an auth file nor anonymous access is configured, when the file
     *                                cannot be read, is readable by others, or has an error (naming the line and the
     *                                fix), or when a setting is invalid
     */
    static Authenticator fromSettings(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return FileAuthenticator.create(settings);
    }
}
