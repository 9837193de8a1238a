package io.whispeer.it;

import java.util.ServiceLoader;

import io.whispeer.api.Broker;
import io.whispeer.api.Whispeer;
import io.whispeer.api.spi.EncryptionEngineProvider;

/**
 * A server in a JVM whose module path has no encryption engine, key source or Tink: run by
 * {@link KeylessServerProcessTest}. Prints whether any encryption engine is present, then its endpoint, then waits
 * until its standard input closes.
 */
public final class KeylessServerMain {
    private KeylessServerMain() {
    }

    /**
     * Runs the server.
     *
     * @param args the listener address
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        System.out.println("encryption engines present: " + ServiceLoader.load(EncryptionEngineProvider.class).stream().count());
        try (Broker server = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").transport(args[0]).build()) {
            System.out.println("listening " + server.endpoints().get(0));
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
        }
    }
}
