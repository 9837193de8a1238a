package io.whispeer.api;

import java.util.OptionalLong;

/**
 * What happened to a published message. An interface, so that it can grow; whispeer creates the instances.
 *
 * <p>{@code matched} counts the subscriptions whose filter matched; each of them either {@code queued} the message
 * or {@code dropped} it because of its overflow policy (DROP_NEWEST, or FAIL on a full queue; each drop is also
 * counted in that subscription's stats), except subscriptions that closed while the message was routed, which
 * count in neither.
 */
public interface PublishReceipt {
    /** {@return the message id} */
    MessageId id();

    /** {@return the topic} */
    String topic();

    /** {@return the subscriptions whose filter matched} */
    int matched();

    /** {@return the subscriptions that accepted the message into their queue} */
    int queued();

    /** {@return the subscriptions that did not accept it because of their overflow policy} */
    int dropped();

    /**
     * {@return the message's sequence number in its topic, when the broker has a message store; the publish
     * completes only once the store holds the message durably}
     */
    OptionalLong sequence();
}
