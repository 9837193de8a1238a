package io.whispeer.core;

import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.PubSub;
import io.whispeer.tck.PubSubCompatibilityKit;
import io.whispeer.tck.PubSubSpec;

/** The embedded broker passes the {@link PubSub} compatibility kit; it is the kit's reference implementation. */
class EmbeddedBrokerCompatibilityTest extends PubSubCompatibilityKit {
    @Override
    protected PubSub newPubSub(PubSubSpec spec) {
        BrokerBuilder builder = TestSupport.builder().properties(spec.settings()).clock(spec.clock());
        spec.topicTypes().forEach(builder::topic);
        return TestSupport.broker(builder);
    }
}
