package io.whispeer.compression.lz4;

import java.util.HashMap;
import java.util.Map;

import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.Settings;

/** What the lz4 tests share. */
final class TestData {
    private TestData() {
    }

    /** {@return an engine created from settings given as key, value, key, value, ...} */
    static CompressionEngine engine(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Lz4CompressionProvider().create(Settings.of(map).scoped(Lz4CompressionProvider.SCOPE));
    }
}
