package io.whispeer.tck;

import java.util.List;

/**
 * A payload record of the reference codec.
 *
 * @param sensor the sensor name, or null
 * @param value  the reading
 * @param tags   tags, never null
 */
record Reading(String sensor, double value, List<String> tags) {
    Reading {
        tags = List.copyOf(tags);
    }
}
