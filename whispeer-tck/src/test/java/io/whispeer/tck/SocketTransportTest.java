package io.whispeer.tck;

import java.net.URI;

import io.whispeer.api.spi.TransportProvider;

class SocketTransportTest extends TransportCompatibilityKit {
    @Override
    protected TransportProvider provider() {
        return new SocketTransportProvider();
    }

    @Override
    protected URI listenAddress() {
        return URI.create("socket://127.0.0.1:0");
    }
}
