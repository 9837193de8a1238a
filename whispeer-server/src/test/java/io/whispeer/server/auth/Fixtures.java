package io.whispeer.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.whispeer.api.BrokerStats;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.SecretFiles;
import io.whispeer.api.spi.Settings;

/** Shared test helpers: cheap Argon2 parameters, owner-only files, clients and a plugin context. */
final class Fixtures {
    /** Small Argon2 parameters so that tests stay fast; the stored hashes carry them. */
    static final PasswordHasher.Parameters FAST = new PasswordHasher.Parameters(64, 1, 1);
    static final PasswordHasher HASHER = PasswordHasher.of(FAST);
    static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);

    private Fixtures() {
    }

    /** Settings with the fast hasher parameters and the given extra keys. */
    static Settings settings(Map<String, String> extra) {
        return Settings.of(Map.of(PasswordHasher.MEMORY_SETTING, "64", PasswordHasher.ITERATIONS_SETTING, "1",
                PasswordHasher.PARALLELISM_SETTING, "1")).overriddenBy(Settings.of(extra));
    }

    /** Writes an owner-only file (chmod 600). */
    static Path secretFile(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, content, StandardCharsets.UTF_8);
            if (SecretFiles.posix()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClientInfo remote(Optional<String> principal) {
        return client(principal, "tcp");
    }

    static ClientInfo client(Optional<String> principal, String transport) {
        return new ClientInfo() {
            @Override
            public String id() {
                return "c-" + principal.orElse("anonymous");
            }

            @Override
            public Optional<String> principal() {
                return principal;
            }

            @Override
            public String transport() {
                return transport;
            }

            @Override
            public Optional<InetSocketAddress> remoteAddress() {
                return transport.equals(ClientInfo.IN_PROCESS) ? Optional.empty() : Optional.of(REMOTE);
            }

            @Override
            public Instant connectedAt() {
                return Instant.EPOCH;
            }
        };
    }

    static PluginContext context(Settings settings) {
        return new PluginContext() {
            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public BrokerStats stats() {
                throw new IllegalStateException("the acl plugin must not need broker stats");
            }
        };
    }
}
