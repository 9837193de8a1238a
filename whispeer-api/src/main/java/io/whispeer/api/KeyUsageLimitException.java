package io.whispeer.api;

/**
 * An encryption engine refused to seal because the key reached the engine's safe usage limit (for AES-GCM with
 * random 96-bit nonces, a bound well below 2^32 messages per key). The key must be rotated; the broker asks a
 * rotating key ring to do so and retries once.
 */
public class KeyUsageLimitException extends EncryptionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the limit and the setting that changes it (the engine does not know key ids; the broker adds the
     *                id when it reports the failure); never key material
     */
    public KeyUsageLimitException(String message) {
        super(message);
    }
}
