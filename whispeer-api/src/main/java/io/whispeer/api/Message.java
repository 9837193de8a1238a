package io.whispeer.api;

import java.time.Instant;

/**
 * A delivered message: the decoded payload and its metadata. An interface, so that it can grow (envelope metadata,
 * store sequence) without breaking code that receives it; whispeer creates the instances.
 *
 * <p>Implementations must be immutable and thread-safe, and their {@code toString()} must leave the payload out, so
 * that logging a message never logs its content.
 *
 * @param <T> the payload type
 */
public interface Message<T> {
    /** {@return the concrete topic the message was published to} */
    String topic();

    /** {@return the publisher-chosen id} */
    MessageId id();

    /** {@return when the publisher published it (the publisher's clock)} */
    Instant timestamp();

    /** {@return the user headers} */
    Headers headers();

    /** {@return 1 on first delivery, more on redelivery} */
    int deliveryCount();

    /** {@return the decoded payload} */
    T payload();

    /** {@return how the message was carried: codec, compression and cipher names, key id and sealed size} */
    MessageInfo info();
}
