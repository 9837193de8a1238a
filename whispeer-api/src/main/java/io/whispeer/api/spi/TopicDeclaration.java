package io.whispeer.api.spi;

import java.util.Objects;
import java.util.Optional;

import io.whispeer.api.TopicFilter;
import io.whispeer.api.TopicPolicy;

/**
 * A topic filter declared on the builder, with its message type and policy.
 *
 * @param filter the filter
 * @param type   the message type every matching topic carries, when declared
 * @param policy the per-topic policy
 */
public record TopicDeclaration(TopicFilter filter, Optional<Class<?>> type, TopicPolicy policy) {
    /** Checks the components. */
    public TopicDeclaration {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(policy, "policy");
    }
}
