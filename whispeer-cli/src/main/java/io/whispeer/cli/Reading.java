package io.whispeer.cli;

/**
 * The demo's message type: a small record the JSON codec encodes.
 *
 * @param room    where
 * @param celsius the temperature
 * @param note    free text, which the server must never see
 */
record Reading(String room, double celsius, String note) {
}
