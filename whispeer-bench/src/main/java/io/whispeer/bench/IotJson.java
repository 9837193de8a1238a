package io.whispeer.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic IoT telemetry JSON of an exact size, for the compression benchmarks: what a topic such as
 * {@code plant/+/telemetry} carries. A fleet of 64 sensors reports readings whose values drift (temperature,
 * humidity, battery) or jitter (signal strength) from message to message, with increasing timestamps and sequence
 * numbers, so no two messages are equal but all share their shape, as real topics do.
 *
 * <p>Messages under 480 bytes are one reading, as many of its fields as fit in this order: device id, timestamp,
 * sequence number, type, temperature, humidity, battery, signal, status, firmware, site, position, acceleration.
 * Larger messages are a gateway's batch, {@code {"gateway":..,"sentAt":..,"batch":..,"readings":[..]}}, with as
 * many compact readings as fit. Either way a last field, {@code "tag"}, holds comma-separated labels cut to make
 * the message exactly the size asked for.
 */
final class IotJson {
    private static final int DEVICES = 64;
    /** Below this size a message is one reading; from it on, a batch of readings. */
    private static final int BATCH_FROM = 480;
    private static final String TAIL = ",\"tag\":\"\"}";
    private static final String BATCH_TAIL = "],\"tag\":\"\"}";
    private static final String[] STATUS = {"ok", "ok", "ok", "ok", "ok", "ok", "ok", "warn", "ok", "low_battery"};
    private static final String[] TYPES = {"thermo-hygro", "thermo-hygro", "air-quality", "cold-chain"};
    private static final String[] FIRMWARE = {"2.4.1", "2.4.1", "2.4.1", "2.5.0-rc2", "2.3.9"};
    private static final String[] SITES = {"plant-3/hall-b", "plant-3/hall-a", "plant-1/dock-4", "warehouse-7/cold-2"};
    private static final String[] LABELS = {"zone-a", "zone-b", "zone-c", "line-3", "line-7", "floor-2", "indoor", "outdoor",
            "calibrated", "hvac", "cold-chain", "eu-west-1", "priority-low", "priority-high", "maint-due", "v2"};

    private final SplittableRandom random;
    private final Device[] devices = new Device[DEVICES];
    private long time = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private long batch;

    private static final class Device {
        final String id;
        final String type;
        final String site;
        final double lat;
        final double lon;
        long seq;
        double temp;
        double hum;
        int battery;

        Device(SplittableRandom random, int index) {
            id = String.format(Locale.ROOT, "sensor-%05d", 1000 + random.nextInt(90_000));
            type = TYPES[index % TYPES.length];
            site = SITES[random.nextInt(SITES.length)];
            lat = 52.40 + random.nextDouble() * 0.2;
            lon = 13.30 + random.nextDouble() * 0.2;
            seq = random.nextInt(100_000);
            temp = type.equals("cold-chain") ? -18 + random.nextDouble() * 4 : 18 + random.nextDouble() * 6;
            hum = 35 + random.nextDouble() * 25;
            battery = 40 + random.nextInt(61);
        }
    }

    private IotJson(long seed) {
        random = new SplittableRandom(seed);
        for (int i = 0; i < DEVICES; i++) {
            devices[i] = new Device(random, i);
        }
    }

    /**
     * Generates messages.
     *
     * @param size  the size of every message in bytes, at least 40
     * @param count how many
     * @param seed  the seed: the same seed gives the same messages
     * @return {@code count} distinct UTF-8 (in fact ASCII) JSON messages of {@code size} bytes
     */
    static byte[][] messages(int size, int count, long seed) {
        if (size < 40) {
            throw new IllegalArgumentException("IoT JSON messages have at least 40 bytes, not " + size);
        }
        IotJson generator = new IotJson(seed);
        byte[][] messages = new byte[count][];
        for (int i = 0; i < count; i++) {
            String json = size < BATCH_FROM ? generator.reading(size) : generator.batch(size);
            messages[i] = json.getBytes(StandardCharsets.US_ASCII);
            if (messages[i].length != size) {
                throw new AssertionError("Generated " + messages[i].length + " bytes instead of " + size + ": " + json);
            }
        }
        return messages;
    }

    /** {@return {@code messages(size, count, seed)} as a list} */
    static List<byte[]> samples(int size, int count, long seed) {
        return new ArrayList<>(List.of(messages(size, count, seed)));
    }

    private String reading(int size) {
        StringBuilder json = new StringBuilder(size).append('{');
        boolean first = true;
        for (String field : fields(next(), true)) {
            int separator = first ? 0 : 1;
            if (json.length() + separator + field.length() + TAIL.length() > size) {
                break;
            }
            if (!first) {
                json.append(',');
            }
            json.append(field);
            first = false;
        }
        return finish(json, first ? "" : ",", size, "\"tag\":\"", "\"}");
    }

    private String batch(int size) {
        batch++;
        time += random.nextInt(200);
        StringBuilder json = new StringBuilder(size).append("{\"gateway\":\"gw-").append(String.format(Locale.ROOT, "%02d", batch % 12))
                .append("\",\"sentAt\":").append(time).append(",\"batch\":").append(batch).append(",\"readings\":[");
        boolean first = true;
        while (true) {
            String reading = "{" + String.join(",", fields(next(), false)) + "}";
            int separator = first ? 0 : 1;
            if (json.length() + separator + reading.length() + BATCH_TAIL.length() > size) {
                break;
            }
            if (!first) {
                json.append(',');
            }
            json.append(reading);
            first = false;
        }
        return finish(json, "],", size, "\"tag\":\"", "\"}");
    }

    /** Appends {@code separator + open + labels + close} with as many label characters as make {@code size} bytes. */
    private String finish(StringBuilder json, String separator, int size, String open, String close) {
        int room = size - json.length() - separator.length() - open.length() - close.length();
        StringBuilder labels = new StringBuilder();
        while (labels.length() < room) {
            if (!labels.isEmpty()) {
                labels.append(',');
            }
            labels.append(LABELS[random.nextInt(LABELS.length)]);
        }
        labels.setLength(Math.max(0, room));
        return json.append(separator).append(open).append(labels).append(close).toString();
    }

    private Device next() {
        Device device = devices[random.nextInt(DEVICES)];
        time += 5 + random.nextInt(2000);
        device.seq++;
        device.temp += (random.nextDouble() - 0.5) * 0.2;
        device.hum = Math.min(99, Math.max(5, device.hum + (random.nextDouble() - 0.5) * 0.8));
        if (random.nextInt(50) == 0 && device.battery > 1) {
            device.battery--;
        }
        return device;
    }

    /** The fields of one reading; {@code full} adds the descriptive ones that a batch leaves to its gateway. */
    private List<String> fields(Device device, boolean full) {
        List<String> fields = new ArrayList<>();
        fields.add("\"deviceId\":\"" + device.id + "\"");
        fields.add("\"ts\":" + time);
        fields.add("\"seq\":" + device.seq);
        if (full) {
            fields.add("\"type\":\"" + device.type + "\"");
        }
        fields.add(String.format(Locale.ROOT, "\"temp\":%.2f", device.temp));
        fields.add(String.format(Locale.ROOT, "\"hum\":%.1f", device.hum));
        fields.add("\"bat\":" + device.battery);
        fields.add("\"rssi\":" + (-95 + random.nextInt(50)));
        fields.add("\"status\":\"" + (device.battery < 15 ? "low_battery" : STATUS[random.nextInt(STATUS.length)]) + "\"");
        if (full) {
            fields.add("\"fw\":\"" + FIRMWARE[random.nextInt(FIRMWARE.length)] + "\"");
            fields.add("\"site\":\"" + device.site + "\"");
            fields.add(String.format(Locale.ROOT, "\"lat\":%.5f,\"lon\":%.5f", device.lat, device.lon));
            fields.add(String.format(Locale.ROOT, "\"accel\":{\"x\":%.3f,\"y\":%.3f,\"z\":%.3f}",
                    (random.nextDouble() - 0.5) * 0.05, -0.98 + (random.nextDouble() - 0.5) * 0.05, (random.nextDouble() - 0.5) * 0.05));
        }
        return fields;
    }
}
