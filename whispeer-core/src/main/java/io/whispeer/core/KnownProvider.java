package io.whispeer.core;

import java.util.List;
import java.util.Optional;

import io.whispeer.api.spi.BuiltInProviders;
import io.whispeer.api.spi.BuiltInProviders.BuiltIn;

/**
 * The core's view of {@link BuiltInProviders}, the one table of built-in names, ids, artifacts and provider classes:
 * lookups and the "what to add" phrases of error messages. The identity rules themselves are
 * {@link BuiltInProviders#identityProblem}, shared with the compatibility kits.
 */
final class KnownProvider {
    static final String CODEC = BuiltInProviders.CODEC;
    static final String COMPRESSION = BuiltInProviders.COMPRESSION;
    static final String ENCRYPTION = BuiltInProviders.ENCRYPTION;

    private KnownProvider() {
    }

    static Optional<BuiltIn> byName(String spi, String name) {
        return BuiltInProviders.byName(spi, name);
    }

    static Optional<BuiltIn> byId(String spi, int id) {
        return BuiltInProviders.byId(spi, id);
    }

    /** {@return the names of the artifacts that provide engines of an SPI, for "add one of" messages} */
    static List<String> artifacts(String spi) {
        return BuiltInProviders.all().stream().filter(k -> k.spi().equals(spi) && !k.inCore()).map(BuiltIn::artifact).distinct().toList();
    }

    /** {@return a phrase telling the user what to add for {@code name}} */
    static String whatToAdd(String spi, String name) {
        return byName(spi, name)
                .map(k -> k.inCore() ? "it is built into whispeer-core" : "add io.whispeer:" + k.artifact()
                        + " (versions come from whispeer-bom)")
                .orElse("add the jar that provides it; whispeer's own " + spi + " artifacts are " + String.join(", ", artifacts(spi)));
    }
}
