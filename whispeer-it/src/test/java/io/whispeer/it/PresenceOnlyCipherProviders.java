package io.whispeer.it;

import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.Settings;

/**
 * Two third-party-style encryption providers registered in META-INF/services, so that discovery finds two
 * candidates. Selection must fail before any engine is created, so {@code create} is never reached in these tests.
 */
final class PresenceOnlyCipherProviders {
    private PresenceOnlyCipherProviders() {
    }

    /** The first candidate. */
    public static final class First implements EncryptionEngineProvider {
        @Override
        public String name() {
            return "acme-cipher";
        }

        @Override
        public int id() {
            return 200;
        }

        @Override
        public EncryptionEngine create(Settings settings) {
            throw new IllegalStateException("selection must have failed before creating " + name());
        }
    }

    /** The second candidate. */
    public static final class Second implements EncryptionEngineProvider {
        @Override
        public String name() {
            return "other-cipher";
        }

        @Override
        public int id() {
            return 201;
        }

        @Override
        public EncryptionEngine create(Settings settings) {
            throw new IllegalStateException("selection must have failed before creating " + name());
        }
    }
}
