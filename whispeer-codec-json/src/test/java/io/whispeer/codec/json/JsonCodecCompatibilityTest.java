package io.whispeer.codec.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.Timestamp;

import io.whispeer.api.TypeRef;
import io.whispeer.api.spi.CodecProvider;
import io.whispeer.codec.json.Payloads.Box;
import io.whispeer.codec.json.Payloads.Counter;
import io.whispeer.codec.json.Payloads.Empty;
import io.whispeer.codec.json.Payloads.Location;
import io.whispeer.codec.json.Payloads.Money;
import io.whispeer.codec.json.Payloads.Named;
import io.whispeer.codec.json.Payloads.Pojo;
import io.whispeer.codec.json.Payloads.Profile;
import io.whispeer.codec.json.Payloads.Reading;
import io.whispeer.codec.json.Payloads.Station;
import io.whispeer.codec.json.Payloads.Times;
import io.whispeer.codec.json.Payloads.Unit;
import io.whispeer.tck.CodecCompatibilityKit;

class JsonCodecCompatibilityTest extends CodecCompatibilityKit {
    static final Instant AT = Instant.parse("2025-01-02T03:04:05.123456789Z");
    static final Reading READING = new Reading("kitchen", 21.5, Unit.CELSIUS, AT, List.of("indoor", "ground floor"));

    @Override
    protected CodecProvider provider() {
        return new JsonCodecProvider();
    }

    @Override
    protected List<Sample<?>> samples() {
        Map<String, Reading> latest = new LinkedHashMap<>();
        latest.put("kitchen", READING);
        latest.put("cellar", new Reading("cellar", -0.0, Unit.FAHRENHEIT, Instant.EPOCH, List.of()));
        return List.of(
                Sample.of("a record", READING, Reading.class),
                Sample.of("nested records with a list and a map", new Station("home", new Location(52.52, 13.405),
                        List.of(READING, READING), latest), Station.class),
                Sample.of("a record with present optionals", new Profile("Ada", Optional.of("ada"), Optional.of(36)), Profile.class),
                Sample.of("a record with empty optionals", new Profile("Bob", Optional.empty(), Optional.empty()), Profile.class),
                Sample.of("java.time values", new Times(AT, LocalDate.of(2025, 2, 28), Duration.ofMinutes(90).plusNanos(5),
                        LocalTime.of(23, 59, 59, 999), LocalDateTime.of(2025, 1, 2, 3, 4), OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0,
                        ZoneOffset.ofHours(2)), ZonedDateTime.of(2025, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"))), Times.class),
                Sample.of("an instant", AT, Instant.class),
                Sample.of("a date", LocalDate.of(1999, 12, 31), LocalDate.class),
                Sample.of("a duration", Duration.ofSeconds(3723, 1), Duration.class),
                Sample.of("an enum", Unit.FAHRENHEIT, Unit.class),
                Sample.of("numbers", new Money(new BigDecimal("1234567890.10"), "EUR", Long.MIN_VALUE), Money.class),
                Sample.of("an integer", Integer.MAX_VALUE, Integer.class),
                Sample.of("unicode text", "Grüße, 世界! \uD83D\uDE00 \u0000\t\"\\ \u2028", String.class),
                Sample.of("a 1 MiB string", "x".repeat(1 << 20), String.class),
                Sample.of("a POJO", Pojo.of("bean", 7, List.of("a", "b")), Pojo.class));
    }

    @Override
    protected List<Sample<?>> emptySamples() {
        return List.of(
                Sample.of("an empty string", "", String.class),
                Sample.of("an empty record", new Empty(), Empty.class),
                Sample.of("an empty list", List.of(), new TypeRef<List<String>>() { }),
                Sample.of("an empty map", Map.of(), new TypeRef<Map<String, Integer>>() { }),
                Sample.of("a record of empty values", new Reading("", 0, Unit.CELSIUS, Instant.EPOCH, List.of()), Reading.class),
                Sample.of("a POJO with empty values", Pojo.of("", 0, List.of()), Pojo.class));
    }

    @Override
    protected List<Sample<?>> samplesWithNulls() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("missing", null);
        return List.of(
                Sample.of("a record with null fields", new Reading(null, 1, null, null, null), Reading.class),
                Sample.of("nested nulls", new Station("s", null, Arrays.asList(READING, null), null), Station.class),
                Sample.of("a list with a null", Arrays.asList("a", null, "c"), new TypeRef<List<String>>() { }),
                Sample.of("a map with a null value", nullValue, new TypeRef<Map<String, String>>() { }),
                Sample.of("a POJO with nulls", Pojo.of(null, 0, null), Pojo.class));
    }

    @Override
    protected List<Sample<?>> genericSamples() {
        return List.of(
                Sample.of("a list of records", List.of(READING, READING), new TypeRef<List<Reading>>() { }),
                Sample.of("a map of lists of instants", Map.of("a", List.of(AT, Instant.EPOCH)), new TypeRef<Map<String, List<Instant>>>() { }),
                Sample.of("a generic record", new Box<>(READING), new TypeRef<Box<Reading>>() { }),
                Sample.of("nested generics", new Box<>(List.of(new Box<>(1), new Box<>(2))), new TypeRef<Box<List<Box<Integer>>>>() { }),
                Sample.of("a set of enums", Set.of(Unit.CELSIUS, Unit.FAHRENHEIT), new TypeRef<Set<Unit>>() { }),
                Sample.of("a map with integer keys", Map.of(1, "one", 2, "two"), new TypeRef<Map<Integer, String>>() { }));
    }

    @Override
    protected List<Sample<?>> unsupportedSamples() {
        return List.of(
                Sample.of("bytes", new byte[] {1, 2, 3}, byte[].class),
                Sample.of("a Protobuf message", Timestamp.newBuilder().setSeconds(5).build(), Timestamp.class),
                Sample.of("a list of Protobuf messages", List.of(Timestamp.getDefaultInstance()), new TypeRef<List<Timestamp>>() { }));
    }

    @Override
    protected Sample<?> sampleContaining(String text) {
        return Sample.of("a string", text, String.class);
    }

    @Override
    protected List<Mismatch> mismatches() {
        return List.of(
                Mismatch.of(Sample.of("a record", READING, Reading.class), new TypeRef<List<String>>() { }),
                Mismatch.of(Sample.of("a string", "text", String.class), Reading.class),
                Mismatch.of(Sample.of("a record with a string field", new Named("abc"), Named.class), Counter.class),
                Mismatch.of(Sample.of("a string", "not a date", String.class), Instant.class),
                Mismatch.of(Sample.of("a string", "KELVIN", String.class), Unit.class),
                Mismatch.of(Sample.of("a list", List.of("a", "b"), new TypeRef<List<String>>() { }), Integer.class),
                Mismatch.of(Sample.of("a list", List.of("x"), new TypeRef<List<String>>() { }), Empty.class));
    }
}
