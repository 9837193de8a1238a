package io.whispeer.compression.lz4;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.whispeer.api.spi.CompressionEngine;
import io.whispeer.api.spi.Settings;
import io.whispeer.tck.CompressionEngineCompatibilityKit;

/** Messages and helpers the lz4 tests share. */
final class TestData {
    private TestData() {
    }

    /** {@return JSON-like messages of about 1 KiB: six small readings in an array} */
    static List<byte[]> kibibyteMessages(int count, long seed) {
        List<byte[]> small = CompressionEngineCompatibilityKit.smallJsonMessages(count * 6, seed);
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('[');
            for (int k = 0; k < 6; k++) {
                if (k > 0) {
                    out.write(',');
                }
                out.writeBytes(small.get(i * 6 + k));
            }
            out.write(']');
            messages.add(out.toByteArray());
        }
        return messages;
    }

    /** {@return compressible text of the given size: JSON-like messages one after another} */
    static byte[] compressible(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
        for (byte[] message : kibibyteMessages(size / 900 + 1, 7)) {
            out.writeBytes(message);
            out.write('\n');
        }
        return Arrays.copyOf(out.toByteArray(), size);
    }

    static CompressionEngine engine(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Lz4CompressionProvider().create(Settings.of(map));
    }
}
