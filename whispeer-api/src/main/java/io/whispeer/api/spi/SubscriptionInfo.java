package io.whispeer.api.spi;

import io.whispeer.api.QoS;

/**
 * What plugins learn about a subscription.
 *
 * @param id          the subscription id
 * @param name        the subscription name
 * @param filter      the filter text
 * @param payloadType the payload type name
 * @param qos         the delivery guarantee
 */
public record SubscriptionInfo(String id, String name, String filter, String payloadType, QoS qos) {
}
