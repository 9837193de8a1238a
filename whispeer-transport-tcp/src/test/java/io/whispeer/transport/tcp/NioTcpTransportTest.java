package io.whispeer.transport.tcp;

import java.util.Map;

import io.whispeer.api.spi.Settings;

/** The kit again, on NIO rather than epoll: the transport's fallback where the native library does not load. */
class NioTcpTransportTest extends TcpTransportTest {
    @Override
    protected Settings settings(int maxFrameBytes) {
        return super.settings(maxFrameBytes).overriddenBy(Settings.of(Map.of("whispeer.transport.tcp.native", "false")).scoped("whispeer.transport.tcp."));
    }
}
