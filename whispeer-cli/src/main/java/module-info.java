/**
 * The {@code whispeer} command: {@code serve} runs a whispeer server on TCP and WebSocket, {@code demo} runs a server
 * and two remote clients in one process and shows what the subscriber read next to what the server saw,
 * {@code hash-password} prints an Argon2id hash line for the server's auth file.
 *
 * <p>The broker, the server, the transports, the codec and the engines are not required here: they are found through
 * {@link java.util.ServiceLoader} from the module path (see {@code target/lib} and {@code ./whispeer}), as in any
 * application that uses whispeer.
 */
module io.whispeer.cli {
    requires io.whispeer.api;
    requires io.whispeer.keys;
    requires io.whispeer.server;
    requires info.picocli;
    requires java.logging;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;

    // picocli instantiates and fills the commands; Jackson (through the JSON codec) reads and writes the demo's record.
    opens io.whispeer.cli to info.picocli, com.fasterxml.jackson.databind;
}
