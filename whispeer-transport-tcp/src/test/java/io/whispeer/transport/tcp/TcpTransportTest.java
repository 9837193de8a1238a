package io.whispeer.transport.tcp;

import java.net.URI;

import io.whispeer.api.spi.TransportProvider;
import io.whispeer.tck.TransportCompatibilityKit;

class TcpTransportTest extends TransportCompatibilityKit {
    @Override
    protected TransportProvider provider() {
        return new TcpTransportProvider();
    }

    @Override
    protected URI listenAddress() {
        return URI.create("tcp://127.0.0.1:0");
    }
}
