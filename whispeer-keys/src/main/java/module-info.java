/**
 * Key rings for whispeer: one key per topic filter, keys derived per topic from a master secret with
 * HKDF-SHA256 (Bouncy Castle), rotation by message count and age, and key files with owner-only permissions.
 * Key material lives in the publisher's and subscriber's processes only and is never logged or shown by
 * {@code toString()}.
 */
module io.whispeer.keys {
    requires transitive io.whispeer.api;
    requires org.bouncycastle.provider;

    exports io.whispeer.keys;
}
