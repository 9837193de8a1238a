package io.whispeer.transport.ws;

import java.net.URI;

import io.whispeer.api.spi.TransportProvider;
import io.whispeer.tck.TransportCompatibilityKit;

class WsTransportTest extends TransportCompatibilityKit {
    @Override
    protected TransportProvider provider() {
        return new WsTransportProvider();
    }

    @Override
    protected URI listenAddress() {
        return URI.create("ws://127.0.0.1:0/whispeer");
    }
}
