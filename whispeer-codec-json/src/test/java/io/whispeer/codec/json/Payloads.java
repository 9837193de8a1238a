package io.whispeer.codec.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Payload types of the JSON codec tests. */
final class Payloads {
    private Payloads() {
    }

    enum Unit { CELSIUS, FAHRENHEIT }

    record Reading(String sensor, double value, Unit unit, Instant at, List<String> tags) {
    }

    record Location(double latitude, double longitude) {
    }

    record Station(String name, Location location, List<Reading> readings, Map<String, Reading> latest) {
    }

    record Profile(String name, Optional<String> nickname, Optional<Integer> age) {
    }

    record Times(Instant instant, LocalDate date, Duration duration, LocalTime time, LocalDateTime local, OffsetDateTime offset,
                 ZonedDateTime zoned) {
    }

    record Money(BigDecimal amount, String currency, long cents) {
    }

    record Empty() {
    }

    record Box<T>(T content) {
    }

    record Note(String text) {
    }

    record Counter(int count) {
    }

    record Named(String count) {
    }

    record Schedule(Instant at) {
    }

    record Coloured(Unit unit) {
    }

    /** A mutable bean, as older code has them. */
    static final class Pojo {
        private String name;
        private int count;
        private List<String> items;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getCount() {
            return count;
        }

        public void setCount(int count) {
            this.count = count;
        }

        public List<String> getItems() {
            return items;
        }

        public void setItems(List<String> items) {
            this.items = items;
        }

        static Pojo of(String name, int count, List<String> items) {
            Pojo pojo = new Pojo();
            pojo.name = name;
            pojo.count = count;
            pojo.items = items;
            return pojo;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pojo p && Objects.equals(p.name, name) && p.count == count && Objects.equals(p.items, items);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, count, items);
        }
    }
}
