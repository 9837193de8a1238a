package io.whispeer.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.SecretFiles;

class AuthFileTest {
    private static final String HASH = Fixtures.HASHER.hash("pw");
    private static final Path PATH = Path.of("/etc/whispeer/auth.conf");

    @TempDir
    Path dir;

    @Test
    void aWellFormedFileParsesUsersTokensAndRulesInOrder() {
        AuthFile file = parse("""
                # comment
                   # indented comment

                user alice %1$s
                token ci-bot abc123 %1$s
                allow alice publish,subscribe sensors/#
                deny\talice   subscribe sensors/secret/#
                allow * subscribe public/#
                allow anonymous subscribe public/news
                """.formatted(HASH));
        assertThat(file.users()).containsOnlyKeys("alice");
        assertThat(file.tokens()).containsOnlyKeys("abc123");
        assertThat(file.tokens().get("abc123").principal()).isEqualTo("ci-bot");
        assertThat(file.rules()).extracting(Rule::text).containsExactly(
                "allow alice publish sensors/#", "allow alice subscribe sensors/#", "deny alice subscribe sensors/secret/#",
                "allow * subscribe public/#", "allow anonymous subscribe public/news");
        assertThat(file.rules()).extracting(Rule::line).containsExactly(6, 6, 7, 8, 9);
    }

    @Test
    void anUnknownDirectiveNamesTheFileTheLineAndTheClosestDirective() {
        assertError("user alice " + HASH + "\nalow alice publish a\n",
                "Auth file /etc/whispeer/auth.conf line 2: unknown directive 'alow' (did you mean 'allow'?). Lines start with user,"
                        + " token, allow or deny; comments start with #");
    }

    @Test
    void aLineWithTheWrongNumberOfWordsShowsTheShapeToWrite() {
        assertError("\n\nuser alice\n", "line 3: expected 3 words, found 2. Write: user <name> <hash>");
        assertError("token bot " + HASH + "\n", "line 1: expected 4 words, found 3. Write: token <name> <tokenId> <hash>");
    }

    @Test
    void aCommentAfterARuleIsExplained() {
        assertError("user a " + HASH + "\nallow a publish x # mine\n", "line 2: expected 4 words, found 6 (comments must be on their own line)");
    }

    @Test
    void aHashThatIsNotArgon2idIsAnErrorOnItsLine() {
        assertError("user alice $2a$10$abc\n", "line 1: Not an Argon2id v19 hash (found $2a$)");
        assertError("user alice plaintext\n", "line 1: Not an Argon2id v19 hash (found no '$' prefix)");
    }

    @Test
    void anUnknownActionSuggestsTheClosestOne() {
        assertError("user a " + HASH + "\nallow a publsh x\n", "line 2: unknown action 'publsh' (did you mean 'publish'?). Use publish, subscribe or publish,subscribe");
    }

    @Test
    void anInvalidFilterIsAnErrorOnItsLine() {
        assertError("user a " + HASH + "\nallow a subscribe a/#/b\n", "line 2: Invalid topic filter 'a/#/b'");
    }

    @Test
    void aDuplicateUserNamesTheFirstLine() {
        assertError("user a " + HASH + "\nuser a " + HASH + "\n", "line 2: user 'a' is already defined on line 1");
    }

    @Test
    void aDuplicateTokenIdNamesTheFirstLine() {
        assertError("token a id1 " + HASH + "\ntoken b id1 " + HASH + "\n", "line 2: token id 'id1' is already used on line 1");
    }

    @Test
    void aRuleForANameWithoutCredentialsIsATypoCaughtAtStartup() {
        assertError("user alice " + HASH + "\nallow alcie publish x\n",
                "line 2: 'alcie' has no user or token line, so this rule can never apply (did you mean 'alice'?)");
    }

    @Test
    void reservedNamesCannotBeUsers() {
        assertError("user anonymous " + HASH + "\n", "line 1: 'anonymous' is reserved in ACL rules");
        assertError("user * " + HASH + "\n", "line 1: '*' is reserved in ACL rules");
        assertError("user al!ce " + HASH + "\n", "line 1: invalid name 'al!ce'");
    }

    @Test
    void aFileOthersCanReadIsRefusedWithTheFix() throws IOException {
        assumeThat(SecretFiles.posix()).isTrue();
        Path file = Fixtures.secretFile(dir, "auth.conf", "user a " + HASH + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> AuthFile.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Auth file " + file)
                .hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void aMissingFileNamesTheSetting() {
        Path missing = dir.resolve("missing.conf");
        assertThatThrownBy(() -> AuthFile.load(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Cannot use the auth file " + missing + " (set by whispeer.server.auth.file)");
    }

    @Test
    void anOwnerOnlyFileLoads() {
        Path file = Fixtures.secretFile(dir, "auth.conf", "user a " + HASH + "\nallow a publish x/#\n");
        assertThat(AuthFile.load(file).rules()).hasSize(1);
    }

    private static AuthFile parse(String text) {
        return AuthFile.parse(PATH, List.of(text.split("\n", -1)));
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Auth file " + PATH + " ")
                .hasMessageContaining(message);
    }
}
