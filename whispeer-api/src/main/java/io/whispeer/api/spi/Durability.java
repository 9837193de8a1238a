package io.whispeer.api.spi;

/**
 * What a {@link MessageStore} promises about a message once the stage returned by
 * {@link MessageStore#append(io.whispeer.api.Envelope)} has completed. The broker acknowledges a publish only
 * then, so this is also what an acknowledgement promises.
 */
public enum Durability {
    /** The message lives in memory only: it survives nothing, neither a restart nor a crash of the process. */
    MEMORY,
    /**
     * The message was handed to the operating system (written, not forced): it survives the broker process being
     * killed ({@code kill -9}), but not a crash of the machine or a power loss.
     */
    PROCESS_CRASH,
    /** The message was forced to stable storage ({@code fsync} or equivalent): it survives a power loss. */
    POWER_LOSS
}
