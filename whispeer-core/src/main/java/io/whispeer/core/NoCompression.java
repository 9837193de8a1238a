package io.whispeer.core;

import java.util.Optional;

import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.CompressionEngineProvider;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.WireIds;

/** The built-in {@code none} compression: payloads are never compressed. */
final class NoCompression implements CompressionEngineProvider, CompressionEngine {
    static final String NAME = "none";
    static final int ID = WireIds.COMPRESSION_NONE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int id() {
        return ID;
    }

    @Override
    public int rank() {
        return Integer.MIN_VALUE;
    }

    @Override
    public CompressionEngine create(Settings settings) {
        return this;
    }

    @Override
    public Optional<byte[]> compress(byte[] input) {
        return Optional.empty();
    }

    @Override
    public byte[] decompress(byte[] input, int maxSize) {
        return input.clone();
    }
}
