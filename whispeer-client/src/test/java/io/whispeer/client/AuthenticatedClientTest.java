package io.whispeer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.AuthorizationException;
import io.whispeer.api.Broker;
import io.whispeer.api.ClientOptions;
import io.whispeer.api.ConnectionState;
import io.whispeer.api.Credentials;
import io.whispeer.api.RemotePubSub;
import io.whispeer.api.Whispeer;

/** The client's credentials and the server's answers to them, against a real server with an auth file. */
@Timeout(60)
class AuthenticatedClientTest {
    private Broker server;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        Path auth = dir.resolve("auth");
        Files.writeString(auth, "user alice " + argon2id("s3cret") + "\n"
                + "allow alice publish,subscribe sensors/#\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
        server = Whispeer.builder().transport("tcp://127.0.0.1:0").property("whispeer.server.auth.file", auth.toString()).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** An Argon2id hash in the auth file's format, with small parameters so that tests stay fast. */
    private static String argon2id(String password) {
        byte[] salt = "saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(64).withIterations(1).withParallelism(1).build());
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=64,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private RemotePubSub connect(Credentials credentials) {
        return Whispeer.connect(server.endpoints().get(0).toString(), ClientOptions.builder().credentials(credentials).build());
    }

    @Test
    void aWrongPasswordFailsConnectWithAuthorizationException() {
        assertThatThrownBy(() -> connect(Credentials.password("alice", "wrong"))).isInstanceOf(AuthorizationException.class);
    }

    @Test
    void anAnonymousClientIsRefusedWhenTheServerDoesNotAllowIt() {
        assertThatThrownBy(() -> Whispeer.connect(server.endpoints().get(0).toString())).isInstanceOf(AuthorizationException.class);
    }

    @Test
    void aDeniedRequestFailsAloneAndTheConnectionStaysOpen() throws Exception {
        try (RemotePubSub alice = connect(Credentials.password("alice", "s3cret"))) {
            assertThat(alice.publish("sensors/a", "ok").get(10, TimeUnit.SECONDS).topic()).isEqualTo("sensors/a");
            assertThatThrownBy(() -> alice.subscribe("secrets/#", String.class, m -> {
            })).isInstanceOf(AuthorizationException.class).hasMessageContaining("secrets/#");
            assertThatThrownBy(() -> alice.publish("secrets/x", "no").get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthorizationException.class);
            assertThat(alice.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(alice.publish("sensors/b", "still ok").get(10, TimeUnit.SECONDS).topic()).isEqualTo("sensors/b");
        }
    }
}
