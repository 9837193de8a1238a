package io.whispeer.bench;

/**
 * The record published when a benchmark's {@code codec} parameter is {@code json}: one text field, sized so that its
 * JSON form, {@code {"text":"..."}}, takes the benchmark's payload size in bytes (11 bytes at least).
 *
 * @param text ASCII letters, nothing that JSON escapes
 */
public record JsonPayload(String text) {
    private static final int OVERHEAD = "{\"text\":\"\"}".length();

    /** {@return a payload whose JSON encoding is {@code size} bytes long, or 11 bytes when {@code size} is smaller} */
    static JsonPayload ofEncodedSize(int size) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size - OVERHEAD; i++) {
            text.append((char) ('a' + i % 26));
        }
        return new JsonPayload(text.toString());
    }
}
