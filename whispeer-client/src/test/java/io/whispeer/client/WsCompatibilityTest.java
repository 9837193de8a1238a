package io.whispeer.client;

/** The remote client over WebSocket passes the PubSub compatibility kit, with the same test code as over TCP. */
class WsCompatibilityTest extends RemoteCompatibilityKit {
    @Override
    String listener() {
        return "ws://127.0.0.1:0/whispeer";
    }
}
