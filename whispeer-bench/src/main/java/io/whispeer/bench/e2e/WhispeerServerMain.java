package io.whispeer.bench.e2e;

import java.net.URI;
import java.util.stream.Collectors;

import io.whispeer.api.Broker;
import io.whispeer.api.Whispeer;

/**
 * The whispeer server of the benchmark, run in a child JVM: anonymous access, one TCP and one WebSocket listener on
 * ephemeral loopback ports, no key (it only routes what the clients sealed). Prints {@code READY <tcp-uri> <ws-uri>}.
 */
public final class WhispeerServerMain {
    private WhispeerServerMain() {
    }

    /**
     * Runs the server until stdin closes.
     *
     * @param args ignored
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        Broker broker = Whispeer.builder()
                .property("whispeer.server.auth.anonymous", "true")
                .compression("none")
                .transport("tcp://127.0.0.1:0")
                .transport("ws://127.0.0.1:0/whispeer")
                .build();
        ChildJvm.serveUntilStdinCloses(broker, broker.endpoints().stream().map(URI::toString).collect(Collectors.joining(" ")));
    }
}
