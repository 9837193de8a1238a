package io.whispeer.server.auth;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Credentials;
import io.whispeer.api.spi.Settings;

/** The {@link Authenticator} over an optional {@link AuthFile}. */
final class FileAuthenticator implements Authenticator {
    private static final System.Logger LOG = System.getLogger(FileAuthenticator.class.getName());
    private static final long TURN_TIMEOUT_SECONDS = 10;
    static final String BUSY = "Authentication failed: the server is busy verifying other clients; retry later";

    private final Optional<AuthFile> file;
    private final boolean anonymous;
    private final PasswordHasher hasher;
    private final Semaphore turns;
    /** Verified against for unknown users and token ids, so that they cost as much time as known ones. */
    private final String decoy;

    private FileAuthenticator(Optional<AuthFile> file, boolean anonymous, PasswordHasher hasher, int concurrent) {
        this.file = file;
        this.anonymous = anonymous;
        this.hasher = hasher;
        this.turns = new Semaphore(concurrent, true);
        this.decoy = file.isPresent() ? hasher.hash("whispeer-decoy-" + System.nanoTime()) : "";
    }

    static FileAuthenticator create(Settings settings) {
        boolean anonymous = settings.getBoolean(Authenticator.ANONYMOUS_SETTING, false);
        Optional<String> path = settings.get(Authenticator.FILE_SETTING).filter(p -> !p.isEmpty());
        if (path.isEmpty() && !anonymous) {
            throw new ConfigurationException("The server has no way to authenticate clients: set " + Authenticator.FILE_SETTING
                    + " to an auth file (users, tokens and ACL rules), or set " + Authenticator.ANONYMOUS_SETTING
                    + "=true to let clients in without credentials");
        }
        PasswordHasher hasher = PasswordHasher.fromSettings(settings);
        int processors = Runtime.getRuntime().availableProcessors();
        int concurrent = settings.getInt(Authenticator.MAX_CONCURRENT_SETTING, processors, 1, 1024);
        return new FileAuthenticator(path.map(p -> AuthFile.load(Path.of(p))), anonymous, hasher, concurrent);
    }

    @Override
    public boolean anonymousAllowed() {
        return anonymous;
    }

    @Override
    public AuthResult authenticate(Optional<Credentials> credentials, SocketAddress remoteAddress) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        if (credentials.isEmpty()) {
            if (anonymous) {
                return new AuthResult.Anonymous();
            }
            LOG.log(Level.INFO, "Refused a client without credentials from {0}: anonymous access is off", remoteAddress);
            return new AuthResult.Rejected(AuthResult.CREDENTIALS_REQUIRED);
        }
        if (file.isEmpty()) {
            LOG.log(Level.INFO, "Refused credentials from {0}: no auth file is configured ({1})", remoteAddress, Authenticator.FILE_SETTING);
            return new AuthResult.Rejected(AuthResult.INVALID_CREDENTIALS);
        }
        try {
            if (!turns.tryAcquire(TURN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "Refused a client from {0}: {1} verifications were already running for {2} s", remoteAddress,
                        Authenticator.MAX_CONCURRENT_SETTING, TURN_TIMEOUT_SECONDS);
                return new AuthResult.Rejected(BUSY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AuthResult.Rejected(BUSY);
        }
        try {
            return switch (credentials.get()) {
                case Credentials.UsernamePassword up -> password(file.get(), up, remoteAddress);
                case Credentials.Token token -> token(file.get(), token.token(), remoteAddress);
            };
        } finally {
            turns.release();
        }
    }

    private AuthResult password(AuthFile auth, Credentials.UsernamePassword credentials, SocketAddress remoteAddress) {
        String stored = auth.users().get(credentials.username());
        boolean ok = hasher.verify(credentials.password(), stored != null ? stored : decoy) && stored != null;
        if (ok) {
            return new AuthResult.Authenticated(credentials.username());
        }
        LOG.log(Level.INFO, "Authentication failed for user ''{0}'' from {1}", printable(credentials.username()), remoteAddress);
        return new AuthResult.Rejected(AuthResult.INVALID_CREDENTIALS);
    }

    private AuthResult token(AuthFile auth, String token, SocketAddress remoteAddress) {
        Optional<String> id = IssuedToken.idOf(token);
        AuthFile.TokenEntry entry = id.map(auth.tokens()::get).orElse(null);
        boolean ok = hasher.verify(token, entry != null ? entry.hash() : decoy) && entry != null;
        if (ok) {
            return new AuthResult.Authenticated(entry.principal());
        }
        LOG.log(Level.INFO, "Authentication failed for token id ''{0}'' from {1}", id.map(FileAuthenticator::printable).orElse("(malformed)"),
                remoteAddress);
        return new AuthResult.Rejected(AuthResult.INVALID_CREDENTIALS);
    }

    /** A client-chosen name for the log: control characters escaped, length bounded. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(64).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return text.codePointCount(0, text.length()) > 64 ? out + "..." : out.toString();
    }
}
