package io.whispeer.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A plugin's decision on a publish or a subscribe. The broker asks every plugin; one denial refuses the request
 * (deny wins), and a plugin that throws while deciding denies too (fail closed).
 */
public final class Authorization {
    private static final Authorization ALLOW = new Authorization(null);

    private final String reason;

    private Authorization(String reason) {
        this.reason = reason;
    }

    /** {@return the decision that allows the request} */
    public static Authorization allow() {
        return ALLOW;
    }

    /**
     * A decision that refuses the request.
     *
     * @param reason why, shown to the client in its error; must not contain secrets
     * @return the decision
     */
    public static Authorization deny(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("A denial needs a reason the client can act on; got a blank one");
        }
        return new Authorization(reason);
    }

    /** {@return whether the request is allowed} */
    public boolean isAllowed() {
        return reason == null;
    }

    /** {@return the reason of a denial; empty when allowed} */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return reason == null ? "Authorization[allow]" : "Authorization[deny: " + reason + "]";
    }
}
