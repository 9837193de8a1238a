package io.whispeer.api.spi;

import java.util.Objects;

import io.whispeer.api.ConfigurationException;

/**
 * The settings every {@link Transport} reads, with their keys and defaults, so that all transports agree on them. A
 * {@link TransportProvider} reads them with {@link #from(Settings)} in {@link TransportProvider#create(Settings)};
 * settings of its own go under {@code whispeer.transport.<name>.}.
 *
 * @param maxFrameBytes            the largest frame a connection accepts from its peer, in bytes; a bigger one closes
 *                                 that connection with a {@link io.whispeer.api.TransportException} naming the size
 *                                 and this limit
 * @param writeBufferHighWaterMark when {@link Connection#pendingWriteBytes()} rises above it, the connection becomes
 *                                 unwritable
 * @param writeBufferLowWaterMark  when {@link Connection#pendingWriteBytes()} falls below it again, the connection
 *                                 becomes writable
 */
public record TransportSettings(int maxFrameBytes, int writeBufferHighWaterMark, int writeBufferLowWaterMark) {
    /** The key of {@link #maxFrameBytes()}: a size such as {@code 16MiB}. */
    public static final String MAX_FRAME_BYTES = "whispeer.transport.max-frame-bytes";
    /** The key of {@link #writeBufferHighWaterMark()}: a size such as {@code 64KiB}. */
    public static final String WRITE_BUFFER_HIGH_WATER_MARK = "whispeer.transport.write-buffer-high-water-mark";
    /** The key of {@link #writeBufferLowWaterMark()}: a size such as {@code 32KiB}; half the high mark when absent. */
    public static final String WRITE_BUFFER_LOW_WATER_MARK = "whispeer.transport.write-buffer-low-water-mark";
    /** The default of {@link #maxFrameBytes()}: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;
    /** The default of {@link #writeBufferHighWaterMark()}: 64 KiB, as in Netty. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 64 << 10;
    /** The largest frame limit a transport must support: a frame must fit one Java array. */
    public static final int MAX_MAX_FRAME_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Checks the values.
     *
     * @param maxFrameBytes            1 to {@value #MAX_MAX_FRAME_BYTES}
     * @param writeBufferHighWaterMark 1 or more
     * @param writeBufferLowWaterMark  0 to {@code writeBufferHighWaterMark}
     * @throws IllegalArgumentException when a value is out of its range
     */
    public TransportSettings {
        if (maxFrameBytes < 1 || maxFrameBytes > MAX_MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("Invalid " + MAX_FRAME_BYTES + "=" + maxFrameBytes + ": use 1 to " + MAX_MAX_FRAME_BYTES + " bytes.");
        }
        if (writeBufferHighWaterMark < 1) {
            throw new IllegalArgumentException("Invalid " + WRITE_BUFFER_HIGH_WATER_MARK + "=" + writeBufferHighWaterMark + ": use 1 byte or more.");
        }
        if (writeBufferLowWaterMark < 0 || writeBufferLowWaterMark > writeBufferHighWaterMark) {
            throw new IllegalArgumentException("Invalid " + WRITE_BUFFER_LOW_WATER_MARK + "=" + writeBufferLowWaterMark + ": use 0 to "
                    + WRITE_BUFFER_HIGH_WATER_MARK + "=" + writeBufferHighWaterMark + " bytes.");
        }
    }

    /** {@return the defaults: 16 MiB frames, water marks of 64 KiB and 32 KiB} */
    public static TransportSettings defaults() {
        return new TransportSettings(DEFAULT_MAX_FRAME_BYTES, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK / 2);
    }

    /**
     * Reads the transport settings, using the defaults for absent keys.
     *
     * @param settings the transport's view of the settings, scoped to {@code whispeer.transport.} (keys such as
     *                 {@code max-frame-bytes}), as {@link TransportProvider#create} receives it
     * @return the transport settings
     * @throws ConfigurationException when a value is not a size, is out of range, or the low water mark is above the
     *                                high one
     */
    public static TransportSettings from(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        int maxFrameBytes = (int) settings.getBytes(relative(MAX_FRAME_BYTES), DEFAULT_MAX_FRAME_BYTES, 1, MAX_MAX_FRAME_BYTES);
        int high = (int) settings.getBytes(relative(WRITE_BUFFER_HIGH_WATER_MARK), DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK, 1, Integer.MAX_VALUE);
        int low = (int) settings.getBytes(relative(WRITE_BUFFER_LOW_WATER_MARK), high / 2, 0, Integer.MAX_VALUE);
        if (low > high) {
            throw new ConfigurationException("Invalid " + WRITE_BUFFER_LOW_WATER_MARK + "=" + low + ": it must not be above "
                    + WRITE_BUFFER_HIGH_WATER_MARK + "=" + high + ". Lower the low water mark or raise the high one.");
        }
        return new TransportSettings(maxFrameBytes, high, low);
    }

    private static String relative(String fullKey) {
        return fullKey.substring("whispeer.transport.".length());
    }
}
