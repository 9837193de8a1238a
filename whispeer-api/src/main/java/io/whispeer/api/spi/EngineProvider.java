package io.whispeer.api.spi;

import java.util.Set;

/**
 * What codec, compression and encryption providers have in common: a name users write in settings and an id that
 * travels in every envelope. Both must never change once released.
 *
 * <p><b>Settings.</b> {@code create} receives only the provider's own keys: the view
 * {@link Settings#scoped(String) scoped} to {@code whispeer.<spi>.<name>.} ({@code <spi>} is {@code codec},
 * {@code compression} or {@code encryption}), with that prefix removed, so the zstd engine reads {@code level} where
 * the user wrote {@code whispeer.compression.zstd.level}. Broker-wide keys such as {@code whispeer.message.max-bytes}
 * do not reach engines: what an engine needs of them the core passes in its calls (the {@code maxSize} of
 * {@link CompressionEngine#decompress}). A provider must declare the keys it reads in {@link #settingKeys()}; keys
 * under its scope that it does not declare are reported as unknown settings.
 */
public interface EngineProvider {
    /** {@return the lowercase name used in settings and error messages, such as {@code zstd}} */
    String name();

    /**
     * {@return the wire id, 0..255: 0..{@value WireIds#BUILT_IN_MAX} are whispeer's own, third parties use
     * {@value WireIds#THIRD_PARTY_MIN} and up}
     */
    int id();

    /**
     * {@return the keys {@code create} reads, relative to the provider's scope {@code whispeer.<spi>.<name>.}, such
     * as {@code level}; empty by default} Must be cheap and must not change.
     */
    default Set<String> settingKeys() {
        return Set.of();
    }
}
