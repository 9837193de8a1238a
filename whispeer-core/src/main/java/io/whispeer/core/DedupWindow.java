package io.whispeer.core;

import java.util.LinkedHashSet;

import io.whispeer.api.MessageId;

/** The ids an EXACTLY_ONCE subscription has handled recently, oldest evicted first. Thread-safe. */
final class DedupWindow {
    private final LinkedHashSet<MessageId> ids = new LinkedHashSet<>();
    private final int size;

    DedupWindow(int size) {
        this.size = size;
    }

    synchronized boolean contains(MessageId id) {
        return ids.contains(id);
    }

    synchronized void add(MessageId id) {
        if (ids.add(id) && ids.size() > size) {
            ids.removeFirst();
        }
    }
}
