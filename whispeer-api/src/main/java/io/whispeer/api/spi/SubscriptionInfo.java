package io.whispeer.api.spi;

import io.whispeer.api.QoS;

/**
 * What plugins learn about a subscription. An interface, so that it can grow; whispeer creates the instances. It is
 * a value detached from the subscription: holding it keeps nothing of the subscription alive.
 */
public interface SubscriptionInfo {
    /**
     * {@return the subscription id: for a named (durable) subscription the same across broker restarts
     * ({@code durable/<name>}), else unique within the broker's lifetime}
     */
    String id();

    /** {@return the subscription name: the one given in its options, else the id} */
    String name();

    /** {@return whether the subscription was named, which makes its id stable across restarts} */
    boolean durable();

    /** {@return the filter text} */
    String filter();

    /** {@return the payload type name, or {@code envelope} for an envelope-level subscription} */
    String payloadType();

    /** {@return the delivery guarantee} */
    QoS qos();

    /** {@return who subscribed} */
    ClientInfo client();
}
