package io.whispeer.tck;

import java.time.InstantSource;

import io.whispeer.api.spi.Durability;
import io.whispeer.api.spi.MessageStore;
import io.whispeer.api.spi.MessageStoreProvider;
import io.whispeer.api.spi.Settings;

/**
 * Runs the kit's reopen check, which the in-memory reference skips: these stores share their contents with the store
 * that reopens them and claim {@link Durability#PROCESS_CRASH}, as a persistent store would. The claim is only true
 * within this test (the contents live as long as the test object), which is all the kit's check needs.
 */
class ReopenedInMemoryMessageStoreTest extends MessageStoreCompatibilityKit {
    private final InMemoryMessageStoreProvider.Contents contents = new InMemoryMessageStoreProvider.Contents();

    @Override
    protected MessageStoreProvider provider() {
        return new MessageStoreProvider() {
            @Override
            public String name() {
                return "shared-memory";
            }

            @Override
            public MessageStore create(Settings settings, InstantSource clock) {
                return new InMemoryMessageStoreProvider.InMemoryMessageStore(clock, contents, Durability.PROCESS_CRASH);
            }
        };
    }
}
