package io.whispeer.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a broker's counters. An interface, so that it can grow; whispeer creates the instances. Counts of
 * deliveries, drops, rejections and handler errors include subscriptions that have closed since the broker started.
 */
public interface BrokerStats {
    /** {@return distinct topics published to since start (counting stops at {@code whispeer.stats.max-topics})} */
    long topics();

    /** {@return messages accepted by {@code publish}} */
    long published();

    /** {@return messages handed to handlers successfully, over all subscriptions} */
    long delivered();

    /** {@return messages dropped by overflow policies, closes and exhausted redelivery, over all subscriptions} */
    long dropped();

    /** {@return messages that subscriptions could not open or decode} */
    long rejected();

    /** {@return handler failures, over all subscriptions} */
    long handlerErrors();

    /** {@return exceptions thrown by plugins (isolated and logged)} */
    long pluginErrors();

    /** {@return publishes and subscriptions refused by an authorization decision} */
    long denied();

    /** {@return one entry per open subscription} */
    List<SubscriptionStats> subscriptions();

    /** {@return how many open subscriptions use each filter, sorted by filter} */
    default Map<String, Integer> subscriptionsByFilter() {
        Map<String, Integer> counts = new TreeMap<>();
        for (SubscriptionStats s : subscriptions()) {
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
    default List<SubscriptionStats> slowest(int limit) {
        return subscriptions().stream()
                .sorted(Comparator.comparing(SubscriptionStats::oldestPending)
                        .thenComparingInt(SubscriptionStats::queueDepth).reversed())
                .limit(limit)
                .toList();
    }
}
