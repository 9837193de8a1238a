package io.whispeer.api.spi;

/**
 * What codec, compression and encryption providers have in common: a name users write in settings and an id that
 * travels in every envelope. Both must never change once released.
 */
public interface EngineProvider {
    /** {@return the lowercase name used in settings and error messages, such as {@code zstd}} */
    String name();

    /**
     * {@return the wire id, 0..255: 0..{@value WireIds#BUILT_IN_MAX} are whispeer's own, third parties use
     * {@value WireIds#THIRD_PARTY_MIN} and up}
     */
    int id();
}
