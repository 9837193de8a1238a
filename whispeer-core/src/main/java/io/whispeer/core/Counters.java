package io.whispeer.core;

import java.util.concurrent.atomic.LongAdder;

/** Broker-wide counters; subscriptions add to them as well as to their own. */
final class Counters {
    final LongAdder published = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder handlerErrors = new LongAdder();
    final LongAdder pluginErrors = new LongAdder();
}
