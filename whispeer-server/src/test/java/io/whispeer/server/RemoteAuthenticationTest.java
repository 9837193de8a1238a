package io.whispeer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.Broker;
import io.whispeer.api.Whispeer;
import io.whispeer.protocol.EnvelopeFrames;
import io.whispeer.protocol.Frames;
import io.whispeer.protocol.v1.Connect;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.Subscribe;
import io.whispeer.protocol.v1.UsernamePassword;
import io.whispeer.server.auth.IssuedToken;
import io.whispeer.server.auth.PasswordHasher;

/**
 * Credentials and ACLs over a real server: a refused CONNECT is an ERROR and a close; a denied publish or
 * subscribe fails that request only; with wildcards, no principal receives or publishes outside its grants.
 */
class RemoteAuthenticationTest {
    private static final PasswordHasher FAST = PasswordHasher.of(new PasswordHasher.Parameters(64, 1, 1));
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private URI endpoint;
    private IssuedToken botToken;

    @BeforeEach
    void startServer() throws Exception {
        botToken = IssuedToken.issue("bot", FAST);
        Path file = dir.resolve("auth");
        Files.writeString(file, String.join("\n",
                "user alice " + FAST.hash("alice-secret"),
                botToken.fileLine(),
                "allow alice publish,subscribe sensors/#",
                "deny alice subscribe sensors/secret/#",
                "allow bot publish sensors/+/temperature",
                "allow * subscribe public/#",
                "allow anonymous subscribe public/#",
                ""));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Broker broker = Whispeer.builder().property("whispeer.server.auth.file", file.toString())
                .property("whispeer.server.auth.anonymous", "true").transport("tcp://127.0.0.1:0").build();
        open.add(broker);
        endpoint = broker.endpoints().get(0);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RawClient connect(Connect.Builder connect) throws Exception {
        RawClient client = RawClient.open(endpoint);
        open.add(client);
        client.send(Frame.newBuilder().setConnect(connect.addVersions(Frames.PROTOCOL_VERSION)).build());
        return client;
    }

    private RawClient alice() throws Exception {
        RawClient client = connect(Connect.newBuilder().setUsernamePassword(UsernamePassword.newBuilder().setUsername("alice").setPassword("alice-secret")));
        assertThat(client.next().hasConnack()).isTrue();
        return client;
    }

    private static Frame subscribe(long requestId, String filter) {
        return Frame.newBuilder().setSubscribe(Subscribe.newBuilder().setRequestId(requestId).setSubscriptionId(requestId).setFilter(filter)).build();
    }

    @Test
    void aWrongPasswordGetsAnAuthenticationErrorAndAClose() throws Exception {
        RawClient client = connect(Connect.newBuilder().setUsernamePassword(UsernamePassword.newBuilder().setUsername("alice").setPassword("guess")));

        var error = client.next().getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_AUTHENTICATION_FAILED);
        assertThat(error.getFatal()).isTrue();
        assertThat(error.getMessage()).doesNotContain("guess");
        client.awaitClosed();
    }

    @Test
    void anUnknownUserGetsTheSameAnswerAsAWrongPassword() throws Exception {
        RawClient wrongPassword = connect(Connect.newBuilder().setUsernamePassword(UsernamePassword.newBuilder().setUsername("alice").setPassword("x")));
        RawClient unknownUser = connect(Connect.newBuilder().setUsernamePassword(UsernamePassword.newBuilder().setUsername("mallory").setPassword("x")));

        assertThat(unknownUser.next().getError().getMessage()).isEqualTo(wrongPassword.next().getError().getMessage());
    }

    @Test
    void aTokenAuthenticatesItsPrincipal() throws Exception {
        RawClient bot = connect(Connect.newBuilder().setToken(botToken.token()));
        assertThat(bot.next().hasConnack()).isTrue();

        bot.send(EnvelopeFrames.publish(1, RawClient.envelope("sensors/kitchen/temperature", "21")));
        assertThat(bot.next().getPuback().getRequestId()).isEqualTo(1);
        bot.send(EnvelopeFrames.publish(2, RawClient.envelope("sensors/kitchen/humidity", "40")));
        var denied = bot.next().getError();
        assertThat(denied.getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHORIZED);
        assertThat(denied.getRequestId()).isEqualTo(2);
        assertThat(denied.getFatal()).isFalse();
        assertThat(denied.getMessage()).contains("bot").contains("sensors/kitchen/humidity");
    }

    @Test
    void aDeniedSubscribeFailsThatRequestOnlyAndWildcardsCannotReachPastADeny() throws Exception {
        RawClient alice = alice();
        alice.send(subscribe(1, "sensors/#"));
        var wide = alice.next().getError();
        assertThat(wide.getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHORIZED);
        assertThat(wide.getRequestId()).isEqualTo(1);

        alice.send(subscribe(2, "sensors/kitchen/+"));
        assertThat(alice.next().getSuback().getRequestId()).isEqualTo(2);
        alice.send(subscribe(3, "sensors/secret/key"));
        assertThat(alice.next().getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHORIZED);
        alice.send(subscribe(4, "sensors/+/temperature")); // would match sensors/secret/temperature
        assertThat(alice.next().getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHORIZED);
        alice.send(subscribe(5, "#"));
        assertThat(alice.next().getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHORIZED);
    }

    @Test
    void anonymousClientsGetOnlyTheAnonymousGrants() throws Exception {
        RawClient anonymous = connect(Connect.newBuilder());
        assertThat(anonymous.next().hasConnack()).isTrue();

        anonymous.send(subscribe(1, "public/#"));
        assertThat(anonymous.next().getSuback().getRequestId()).isEqualTo(1);
        anonymous.send(subscribe(2, "sensors/+/temperature"));
        assertThat(anonymous.next().getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHORIZED);
        anonymous.send(EnvelopeFrames.publish(3, RawClient.envelope("public/news", "hi")));
        assertThat(anonymous.next().getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AUTHORIZED);
    }

    @Test
    void aPrincipalReceivesOnlyWhatItsGrantsCover() throws Exception {
        RawClient alice = alice();
        alice.send(subscribe(1, "sensors/kitchen/+"));
        alice.next(Frame.KindCase.SUBACK);
        RawClient bot = connect(Connect.newBuilder().setToken(botToken.token()));
        bot.next(Frame.KindCase.CONNACK);

        bot.send(EnvelopeFrames.publish(1, RawClient.envelope("sensors/secret/temperature", "not for alice")));
        bot.send(EnvelopeFrames.publish(2, RawClient.envelope("sensors/kitchen/temperature", "21")));
        assertThat(bot.next(Frame.KindCase.PUBACK).getPuback().getMatched()).isZero();
        assertThat(bot.next(Frame.KindCase.PUBACK).getPuback().getMatched()).isEqualTo(1);

        assertThat(alice.next(Frame.KindCase.DELIVER).getDeliver().getTopic()).isEqualTo("sensors/kitchen/temperature");
    }
}
