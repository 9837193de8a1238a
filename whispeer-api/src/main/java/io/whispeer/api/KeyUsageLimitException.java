package io.whispeer.api;

/**
 * A {@link io.whispeer.api.spi.KeyedCipher} refused to seal because it has sealed the engine's safe number of
 * messages under its key ({@link io.whispeer.api.spi.EncryptionEngine#maxMessagesPerKey()}; for AES-GCM with random
 * 96-bit nonces, a bound well below 2^32). The refusal is permanent for that key: it must be rotated. The broker
 * asks the key ring to do so ({@link KeyRing#rotate}) and retries once with the new key.
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
