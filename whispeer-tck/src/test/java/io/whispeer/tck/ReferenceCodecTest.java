package io.whispeer.tck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.CodecProvider;

class ReferenceCodecTest extends CodecCompatibilityKit {
    @Override
    protected CodecProvider provider() {
        return new ReferenceCodecProvider();
    }

    @Override
    protected List<Sample<?>> samples() {
        char[] large = new char[1 << 20];
        Arrays.fill(large, 'x');
        return List.of(Sample.of("a word", "kitchen", String.class),
                Sample.of("unicode text", "Grüße, 世界 \uD83D\uDE00", String.class),
                Sample.of("a 1 MiB string", new String(large), String.class),
                Sample.of("a reading", new Reading("kitchen", 21.5, List.of("indoor", "celsius")), Reading.class),
                Sample.of("a reading of NaN", new Reading("broken", Double.NaN, List.of()), Reading.class));
    }

    @Override
    protected List<Sample<?>> emptySamples() {
        return List.of(Sample.of("an empty string", "", String.class),
                Sample.of("an empty reading", new Reading("", 0, List.of()), Reading.class),
                Sample.of("an empty list", List.of(), new TypeRef<List<String>>() { }));
    }

    @Override
    protected List<Sample<?>> samplesWithNulls() {
        return List.of(Sample.of("a reading without sensor", new Reading(null, -1, List.of("x")), Reading.class));
    }

    @Override
    protected List<Sample<?>> genericSamples() {
        List<String> many = new ArrayList<>(Collections.nCopies(1000, "tag"));
        return List.of(Sample.of("a list of strings", List.of("a", "b", "ü"), new TypeRef<List<String>>() { }),
                Sample.of("a list of 1000 strings", List.copyOf(many), new TypeRef<List<String>>() { }));
    }

    @Override
    protected List<Sample<?>> unsupportedSamples() {
        return List.of(Sample.of("an integer", 42, Integer.class), Sample.of("bytes", new byte[] {1}, byte[].class));
    }

    @Override
    protected Sample<?> sampleContaining(String text) {
        return Sample.of("a reading named by the text", new Reading(text, 1, List.of(text)), Reading.class);
    }

    @Override
    protected List<Mismatch> mismatches() {
        return List.of(Mismatch.of(Sample.of("a string", "text", String.class), Reading.class),
                Mismatch.of(Sample.of("a reading", new Reading("x", 1, List.of()), Reading.class), new TypeRef<List<String>>() { }));
    }
}
