package io.whispeer.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.Credentials;

class AuthenticatorTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileAndWithoutAnonymousAccessTheAuthenticatorCannotBeBuilt() {
        assertThatThrownBy(() -> Authenticator.fromSettings(Fixtures.settings(Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("set whispeer.server.auth.file")
                .hasMessageContaining("or set whispeer.server.auth.anonymous=true");
    }

    @Test
    void anonymousAccessExplicitlyOffWithoutAFileCannotBeBuiltEither() {
        assertThatThrownBy(() -> Authenticator.fromSettings(Fixtures.settings(Map.of(Authenticator.ANONYMOUS_SETTING, "false"))))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void withAnonymousAccessOnAClientWithoutCredentialsIsAnonymous() {
        Authenticator authenticator = Authenticator.fromSettings(Fixtures.settings(Map.of(Authenticator.ANONYMOUS_SETTING, "true")));
        AuthResult result = authenticator.authenticate(Optional.empty(), Fixtures.REMOTE);
        assertThat(result).isEqualTo(new AuthResult.Anonymous());
        assertThat(result.accepted()).isTrue();
        assertThat(result.principal()).isEmpty();
        assertThat(authenticator.anonymousAllowed()).isTrue();
    }

    @Test
    void withAnonymousAccessOnlyCredentialsAreRejectedNotIgnored() {
        Authenticator authenticator = Authenticator.fromSettings(Fixtures.settings(Map.of(Authenticator.ANONYMOUS_SETTING, "true")));
        assertThat(authenticator.authenticate(Optional.of(Credentials.password("alice", "pw")), Fixtures.REMOTE))
                .isEqualTo(new AuthResult.Rejected(AuthResult.INVALID_CREDENTIALS));
    }

    @Test
    void withAFileAndAnonymousAccessOffAClientWithoutCredentialsIsToldToSendSome() {
        Authenticator authenticator = fileAuthenticator(false);
        AuthResult result = authenticator.authenticate(Optional.empty(), Fixtures.REMOTE);
        assertThat(result).isEqualTo(new AuthResult.Rejected(AuthResult.CREDENTIALS_REQUIRED));
        assertThat(result.accepted()).isFalse();
    }

    @Test
    void withAFileAndAnonymousAccessOnAClientWithoutCredentialsIsAnonymous() {
        assertThat(fileAuthenticator(true).authenticate(Optional.empty(), Fixtures.REMOTE)).isEqualTo(new AuthResult.Anonymous());
    }

    @Test
    void theRightPasswordAuthenticatesAsTheUser() {
        AuthResult result = fileAuthenticator(false).authenticate(Optional.of(Credentials.password("alice", "alice-pw")), Fixtures.REMOTE);
        assertThat(result).isEqualTo(new AuthResult.Authenticated("alice"));
        assertThat(result.principal()).contains("alice");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameMessage() {
        Authenticator authenticator = fileAuthenticator(true);
        AuthResult wrongPassword = authenticator.authenticate(Optional.of(Credentials.password("alice", "bob-pw")), Fixtures.REMOTE);
        AuthResult unknownUser = authenticator.authenticate(Optional.of(Credentials.password("mallory", "alice-pw")), Fixtures.REMOTE);
        assertThat(wrongPassword).isEqualTo(new AuthResult.Rejected(AuthResult.INVALID_CREDENTIALS)).isEqualTo(unknownUser);
        assertThat(AuthResult.INVALID_CREDENTIALS).doesNotContain("alice", "mallory");
    }

    @Test
    void aTokenAuthenticatesAsItsPrincipal() {
        IssuedToken token = IssuedToken.issue("ci-bot", Fixtures.HASHER);
        Authenticator authenticator = fileAuthenticator(false, token.fileLine());
        assertThat(authenticator.authenticate(Optional.of(Credentials.token(token.token())), Fixtures.REMOTE))
                .isEqualTo(new AuthResult.Authenticated("ci-bot"));
    }

    @Test
    void aWrongUnknownOrMalformedTokenGetsTheSameMessageAsAWrongPassword() {
        IssuedToken token = IssuedToken.issue("ci-bot", Fixtures.HASHER);
        Authenticator authenticator = fileAuthenticator(false, token.fileLine());
        String wrongSecret = token.token().substring(0, token.token().length() - 2) + (token.token().endsWith("AA") ? "BB" : "AA");
        String unknownId = IssuedToken.issue("ci-bot", Fixtures.HASHER).token();
        for (String presented : new String[] {wrongSecret, unknownId, "not-a-token", "wpt__x", "wpt_" + token.tokenId() + "_"}) {
            assertThat(authenticator.authenticate(Optional.of(Credentials.token(presented)), Fixtures.REMOTE))
                    .as(presented)
                    .isEqualTo(new AuthResult.Rejected(AuthResult.INVALID_CREDENTIALS));
        }
    }

    @Test
    void aTokenIsNotAPasswordForItsPrincipal() {
        IssuedToken token = IssuedToken.issue("ci-bot", Fixtures.HASHER);
        Authenticator authenticator = fileAuthenticator(false, token.fileLine());
        assertThat(authenticator.authenticate(Optional.of(Credentials.password("ci-bot", token.token())), Fixtures.REMOTE).accepted()).isFalse();
    }

    @Test
    void anIssuedTokenHasTheDocumentedShapeAndHidesItsSecret() {
        IssuedToken token = IssuedToken.issue("ci-bot", Fixtures.HASHER);
        assertThat(token.tokenId()).matches("[a-z2-7]{16}");
        assertThat(token.token()).matches("wpt_" + token.tokenId() + "_[A-Za-z0-9_-]{43}");
        assertThat(token.fileLine()).startsWith("token ci-bot " + token.tokenId() + " $argon2id$v=19$m=64,t=1,p=1$");
        String secret = token.token().substring("wpt_".length() + token.tokenId().length() + 1);
        assertThat(token.toString()).contains("ci-bot").doesNotContain(secret);
        assertThat(IssuedToken.issue("ci-bot", Fixtures.HASHER).token()).isNotEqualTo(token.token());
    }

    @Test
    void aTokenCannotBeIssuedForAReservedName() {
        assertThatThrownBy(() -> IssuedToken.issue("anonymous", Fixtures.HASHER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'anonymous' is reserved");
    }

    @Test
    void anInvalidAuthFileFailsTheBuildWithItsLine() {
        Path file = Fixtures.secretFile(dir, "auth.conf", "user alice nothash\n");
        assertThatThrownBy(() -> Authenticator.fromSettings(Fixtures.settings(Map.of(Authenticator.FILE_SETTING, file.toString()))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Auth file " + file + " line 1: ");
    }

    @Test
    void settingKeysListEveryKeyThePackageReads() {
        assertThat(Authenticator.SETTING_KEYS).allMatch(key -> key.startsWith("whispeer.server.auth."))
                .contains(Authenticator.FILE_SETTING, Authenticator.ANONYMOUS_SETTING, PasswordHasher.MEMORY_SETTING);
    }

    private Authenticator fileAuthenticator(boolean anonymous, String... extraLines) {
        String text = "user alice " + Fixtures.HASHER.hash("alice-pw") + "\nuser bob " + Fixtures.HASHER.hash("bob-pw") + "\n"
                + String.join("\n", extraLines) + "\n";
        Path file = Fixtures.secretFile(dir, "auth.conf", text);
        return Authenticator.fromSettings(Fixtures.settings(Map.of(Authenticator.FILE_SETTING, file.toString(),
                Authenticator.ANONYMOUS_SETTING, Boolean.toString(anonymous))));
    }
}
