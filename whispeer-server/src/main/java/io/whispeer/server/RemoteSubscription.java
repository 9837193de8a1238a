package io.whispeer.server;

import java.util.concurrent.atomic.AtomicBoolean;

import io.whispeer.core.router.QueueConsumer;
import io.whispeer.core.router.SubscriptionQueue;

/**
 * One subscription of a {@link ServerSession}: the router's queue for it, and the session as its consumer. The
 * session's delivery loop takes from the queue and writes DELIVER frames; this object only tells the session that
 * there is something to take.
 */
final class RemoteSubscription implements QueueConsumer {
    final ServerSession session;
    /** The client's id for the subscription, carried by every DELIVER. */
    final long id;
    final SubscriptionQueue queue;
    /** Whether the subscription waits in the session's ready list. */
    final AtomicBoolean ready = new AtomicBoolean();
    /** Set once SUBACK was written: no DELIVER may precede it. */
    volatile boolean acknowledged;
    /** The UNSUBSCRIBE request to answer when the queue has ended; 0 when the server ended it. */
    volatile long unsubscribeRequest;
    /** When the slow-consumer check first found this queue full while the connection was at its limit; 0 if not. */
    long fullSinceNanos;
    /** Set by the slow-consumer check under the drop policy: the delivery loop drops what is queued. */
    volatile boolean dropQueued;

    RemoteSubscription(ServerSession session, long id, SubscriptionQueue queue) {
        this.session = session;
        this.id = id;
        this.queue = queue;
    }

    @Override
    public void available() {
        session.ready(this);
    }

    @Override
    public String toString() {
        return "RemoteSubscription[" + id + " '" + queue.filter() + "' of " + session + "]";
    }
}
