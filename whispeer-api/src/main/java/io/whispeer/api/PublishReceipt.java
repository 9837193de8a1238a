package io.whispeer.api;

/**
 * What happened to a published message.
 *
 * @param id      the message id
 * @param topic   the topic
 * @param matched subscriptions whose filter matched
 * @param queued  subscriptions that accepted the message into their queue
 * @param dropped subscriptions that did not accept it because of their overflow policy (DROP_NEWEST, or FAIL on a
 *                full queue); each drop is also counted in that subscription's stats
 */
public record PublishReceipt(MessageId id, String topic, int matched, int queued, int dropped) {
}
