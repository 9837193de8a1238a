package io.whispeer.protocol;

import io.whispeer.api.TopicRules;
import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportSettings;

/**
 * The limits {@link Frames} enforces on every frame it encodes or decodes. The defaults equal the core's, so that a
 * frame the embedded broker would accept also crosses the wire.
 *
 * @param maxFrameBytes  the largest encoded frame, in bytes (setting {@value TransportSettings#MAX_FRAME_BYTES},
 *                       default 16 MiB)
 * @param maxTopicBytes  the longest topic or filter, in UTF-8 bytes (setting {@value TopicRules#MAX_BYTES_SETTING},
 *                       default {@value TopicRules#DEFAULT_MAX_BYTES})
 * @param maxHeaderBytes the largest total of header keys and values, in UTF-8 bytes (setting
 *                       {@value #MAX_HEADER_BYTES_SETTING}, default 16 KiB)
 */
public record FrameLimits(int maxFrameBytes, int maxTopicBytes, int maxHeaderBytes) {
    /** The setting of {@link #maxHeaderBytes()}, shared with the core. */
    public static final String MAX_HEADER_BYTES_SETTING = "whispeer.headers.max-bytes";
    /** The default of {@link #maxHeaderBytes()}: 16 KiB, as in the core. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 << 10;
    /** The defaults: 16 MiB frames, 1024-byte topics, 16 KiB of headers. */
    public static final FrameLimits DEFAULT = new FrameLimits(TransportSettings.DEFAULT_MAX_FRAME_BYTES,
            TopicRules.DEFAULT_MAX_BYTES, DEFAULT_MAX_HEADER_BYTES);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException naming the setting and its range when a limit is outside it: frames 1 to
     *                                  {@value TransportSettings#MAX_MAX_FRAME_BYTES} bytes, topics 1 to 65535,
     *                                  headers 0 to 1 MiB
     */
    public FrameLimits {
        check(TransportSettings.MAX_FRAME_BYTES, maxFrameBytes, 1, TransportSettings.MAX_MAX_FRAME_BYTES);
        check(TopicRules.MAX_BYTES_SETTING, maxTopicBytes, 1, 65_535);
        check(MAX_HEADER_BYTES_SETTING, maxHeaderBytes, 0, 1 << 20);
    }

    /**
     * Reads the limits from settings with full keys (not scoped to a transport), with the defaults for those absent.
     *
     * @param settings the settings
     * @return the limits
     */
    public static FrameLimits from(Settings settings) {
        return new FrameLimits(
                (int) settings.getBytes(TransportSettings.MAX_FRAME_BYTES, TransportSettings.DEFAULT_MAX_FRAME_BYTES, 1,
                        TransportSettings.MAX_MAX_FRAME_BYTES),
                settings.getInt(TopicRules.MAX_BYTES_SETTING, TopicRules.DEFAULT_MAX_BYTES, 1, 65_535),
                (int) settings.getBytes(MAX_HEADER_BYTES_SETTING, DEFAULT_MAX_HEADER_BYTES, 0, 1 << 20));
    }

    private static void check(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("Invalid " + setting + "=" + value + ": use " + min + " to " + max + " bytes.");
        }
    }
}
