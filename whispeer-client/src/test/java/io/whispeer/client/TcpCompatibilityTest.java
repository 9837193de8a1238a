package io.whispeer.client;

/** The remote client over TCP passes the PubSub compatibility kit. */
class TcpCompatibilityTest extends RemoteCompatibilityKit {
    @Override
    String listener() {
        return "tcp://127.0.0.1:0";
    }
}
