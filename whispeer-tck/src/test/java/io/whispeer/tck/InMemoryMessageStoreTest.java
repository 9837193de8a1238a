package io.whispeer.tck;

import io.whispeer.api.spi.MessageStoreProvider;

class InMemoryMessageStoreTest extends MessageStoreCompatibilityKit {
    @Override
    protected MessageStoreProvider provider() {
        return new InMemoryMessageStoreProvider();
    }
}
