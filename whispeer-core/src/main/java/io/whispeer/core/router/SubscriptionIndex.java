package io.whispeer.core.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.whispeer.api.TopicFilter;

/**
 * A trie of subscription filters, one node per level. Matching a concrete topic walks at most one literal child,
 * one single-level wildcard child and the multi-level subscriptions per level, so its cost depends on the topic's
 * depth and the wildcards in use, not on the number of subscriptions.
 *
 * <p>Writers ({@link #add}, {@link #remove}) are serialized and bump {@link #generation()} after each change;
 * readers walk without locks. A reader that read the generation before walking may cache its result under that
 * generation: any later change makes the cached result stale.
 */
final class SubscriptionIndex {
    private static final SubscriptionQueue[] NONE = new SubscriptionQueue[0];

    private final Node root = new Node();
    private volatile long generation;

    long generation() {
        return generation;
    }

    synchronized void add(SubscriptionQueue subscription) {
        Node node = root;
        for (String level : subscription.filter().levels()) {
            if (TopicFilter.isMultiLevelWildcard(level)) {
                node.rest = append(node.rest, subscription);
                generation++;
                return;
            }
            if (TopicFilter.isSingleLevelWildcard(level)) {
                if (node.single == null) {
                    node.single = new Node();
                }
                node = node.single;
            } else {
                node = node.children.computeIfAbsent(level, l -> new Node());
            }
        }
        node.here = append(node.here, subscription);
        generation++;
    }

    synchronized void remove(SubscriptionQueue subscription) {
        Node node = root;
        List<Node> path = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String level : subscription.filter().levels()) {
            path.add(node);
            if (TopicFilter.isMultiLevelWildcard(level)) {
                node.rest = without(node.rest, subscription);
                generation++;
                prune(path, keys);
                return;
            }
            String key = TopicFilter.isSingleLevelWildcard(level) ? null : level;
            Node next = key == null ? node.single : node.children.get(key);
            if (next == null) {
                return;
            }
            keys.add(key);
            node = next;
        }
        node.here = without(node.here, subscription);
        generation++;
        path.add(node);
        prune(path, keys);
    }

    /** Removes trailing nodes that no longer hold anything, so churn does not grow the trie. */
    private static void prune(List<Node> path, List<String> keys) {
        for (int i = keys.size() - 1; i >= 0; i--) {
            Node child = path.get(i + 1);
            if (!child.isEmpty()) {
                return;
            }
            Node parent = path.get(i);
            if (keys.get(i) == null) {
                parent.single = null;
            } else {
                parent.children.remove(keys.get(i));
            }
        }
    }

    /** {@return the subscriptions whose filter matches a concrete, valid topic} */
    SubscriptionQueue[] match(String topic) {
        List<SubscriptionQueue> out = new ArrayList<>();
        String[] levels = topic.split("/", -1);
        boolean reserved = topic.startsWith("$");
        collect(root, levels, 0, reserved, out);
        return out.toArray(NONE);
    }

    private static void collect(Node node, String[] levels, int i, boolean reserved, List<SubscriptionQueue> out) {
        boolean wildcardsAllowed = !(reserved && i == 0);
        if (wildcardsAllowed) {
            out.addAll(Arrays.asList(node.rest));
        }
        if (i == levels.length) {
            out.addAll(Arrays.asList(node.here));
            return;
        }
        Node literal = node.children.get(levels[i]);
        if (literal != null) {
            collect(literal, levels, i + 1, reserved, out);
        }
        Node single = node.single;
        if (single != null && wildcardsAllowed) {
            collect(single, levels, i + 1, reserved, out);
        }
    }

    private static SubscriptionQueue[] append(SubscriptionQueue[] array, SubscriptionQueue s) {
        SubscriptionQueue[] copy = Arrays.copyOf(array, array.length + 1);
        copy[array.length] = s;
        return copy;
    }

    private static SubscriptionQueue[] without(SubscriptionQueue[] array, SubscriptionQueue s) {
        return Arrays.stream(array).filter(x -> x != s).toArray(SubscriptionQueue[]::new);
    }

    private static final class Node {
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>();
        volatile Node single;
        /** Subscriptions whose filter ends exactly here. */
        volatile SubscriptionQueue[] here = NONE;
        /** Subscriptions whose filter ends with a multi-level wildcard after this node's level. */
        volatile SubscriptionQueue[] rest = NONE;

        boolean isEmpty() {
            return children.isEmpty() && single == null && here.length == 0 && rest.length == 0;
        }
    }
}
