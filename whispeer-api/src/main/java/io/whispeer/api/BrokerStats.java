package io.whispeer.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a broker's counters.
 *
 * @param topics        distinct topics published to since start (counting stops at {@code whispeer.stats.max-topics})
 * @param published     messages accepted by {@code publish}
 * @param delivered     messages handed to handlers successfully, over all subscriptions
 * @param dropped       messages dropped by overflow policies, closes and exhausted redelivery, over all subscriptions
 * @param rejected      messages that subscriptions could not open or decode
 * @param handlerErrors handler failures, over all subscriptions
 * @param pluginErrors  exceptions thrown by plugins (isolated and logged)
 * @param subscriptions one entry per open subscription
 */
public record BrokerStats(long topics, long published, long delivered, long dropped, long rejected, long handlerErrors,
                          long pluginErrors, List<SubscriptionStats> subscriptions) {
    /** Copies the list. */
    public BrokerStats {
        subscriptions = List.copyOf(subscriptions);
    }

    /** {@return how many open subscriptions use each filter, sorted by filter} */
    public Map<String, Integer> subscriptionsByFilter() {
        Map<String, Integer> counts = new TreeMap<>();
        for (SubscriptionStats s : subscriptions) {
            counts.merge(s.filter(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The subscriptions that lag most: by age of the oldest waiting message, then by queue depth.
     *
     * @param limit how many to return at most
     * @return the slowest subscriptions first
     */
    public List<SubscriptionStats> slowest(int limit) {
        return subscriptions.stream()
                .sorted(Comparator.comparing(SubscriptionStats::oldestPending)
                        .thenComparingInt(SubscriptionStats::queueDepth).reversed())
                .limit(limit)
                .toList();
    }
}
