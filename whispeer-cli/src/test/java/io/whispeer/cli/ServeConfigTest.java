package io.whispeer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.ConfigurationException;
import picocli.CommandLine;

class ServeConfigTest {
    private static final ServerPlan.Flags ANONYMOUS = new ServerPlan.Flags(Optional.empty(), Optional.empty(), Map.of(), true, Optional.empty());

    @Test
    void withoutConfigServeListensOnTcp7420AndWebSocket7421OnEveryInterface() {
        ServerPlan plan = ServerPlan.resolve(ServeConfig.none(), ANONYMOUS);

        assertThat(plan.listeners()).containsExactly("tcp://0.0.0.0:7420", "ws://0.0.0.0:7421/whispeer");
        assertThat(plan.settings()).containsExactly(Map.entry("whispeer.server.auth.anonymous", "true"));
    }

    @Test
    void aConfigFileSetsListenersAndSettingsWithNestedKeysJoinedByDots() {
        ServeConfig file = ServeConfig.parse("""
                tcp: 127.0.0.1:9000
                ws: 127.0.0.1:9001/pubsub
                listeners:
                  - tls://0.0.0.0:7443
                auth-file: /etc/whispeer/auth
                settings:
                  whispeer.server.keep-alive: 15s
                  whispeer:
                    server:
                      max-connections: 50
                """, "test.yaml");

        ServerPlan plan = ServerPlan.resolve(file, ServerPlan.Flags.none());

        assertThat(plan.listeners()).containsExactly("tcp://127.0.0.1:9000", "ws://127.0.0.1:9001/pubsub", "tls://0.0.0.0:7443");
        assertThat(plan.settings()).containsEntry("whispeer.server.keep-alive", "15s")
                .containsEntry("whispeer.server.max-connections", "50")
                .containsEntry("whispeer.server.auth.file", "/etc/whispeer/auth")
                .doesNotContainKey("whispeer.server.auth.anonymous");
    }

    @Test
    void offInTheFileTurnsAListenerOffQuotedOrNot() {
        ServeConfig file = ServeConfig.parse("tcp: off\nws: \"off\"\nlisteners: [tcp://127.0.0.1:0]\nanonymous: true\n", "test.yaml");

        assertThat(ServerPlan.resolve(file, ServerPlan.Flags.none()).listeners()).containsExactly("tcp://127.0.0.1:0");
    }

    @Test
    void flagsBeatSetWhichBeatsTheFileWhichBeatsTheDefaults(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("serve.yaml"), """
                tcp: 127.0.0.1:9000
                ws: 127.0.0.1:9001
                anonymous: false
                settings:
                  whispeer.server.keep-alive: 15s
                  whispeer.server.server-id: from-file
                """);

        ServerPlan plan = serve("--config", config.toString(), "--tcp", "127.0.0.1:0",
                "--set", "whispeer.server.keep-alive=5s", "--set", "whispeer.server.auth.anonymous=false", "--anonymous").plan();

        assertThat(plan.listeners()).containsExactly("tcp://127.0.0.1:0", "ws://127.0.0.1:9001/whispeer");
        assertThat(plan.settings()).containsEntry("whispeer.server.keep-alive", "5s")
                .containsEntry("whispeer.server.server-id", "from-file")
                .containsEntry("whispeer.server.auth.anonymous", "true");
    }

    @Test
    void authFileFlagSetsTheServerSetting() {
        ServerPlan plan = serve("--auth-file", "/etc/whispeer/auth", "--ws", "off").plan();

        assertThat(plan.listeners()).containsExactly("tcp://0.0.0.0:7420");
        assertThat(plan.settings()).containsEntry("whispeer.server.auth.file", Path.of("/etc/whispeer/auth").toString());
    }

    @Test
    void listenersMayBeGivenAsUrisToUseTlsOrWss() {
        ServerPlan plan = serve("--anonymous", "--tcp", "tls://0.0.0.0:7443", "--ws", "wss://0.0.0.0:7444/ws").plan();

        assertThat(plan.listeners()).containsExactly("tls://0.0.0.0:7443", "wss://0.0.0.0:7444/ws");
    }

    @Test
    void withNeitherAnonymousAccessNorAnAuthFileServeRefusesToStartAndNamesBothFlags() {
        assertThatThrownBy(() -> ServerPlan.resolve(ServeConfig.none(), ServerPlan.Flags.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--anonymous").hasMessageContaining("--auth-file");
    }

    @Test
    void turningEveryListenerOffIsAnError() {
        assertThatThrownBy(() -> serve("--anonymous", "--tcp", "off", "--ws", "off").plan())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Nothing to listen on");
    }

    @Test
    void aBadPortNamesTheFlagTheValueAndTheExpectedForm() {
        assertThatThrownBy(() -> serve("--anonymous", "--tcp", "localhost:70000").plan())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--tcp").hasMessageContaining("70000").hasMessageContaining("host:port");
    }

    @Test
    void aSetWithoutEqualsOrOutsideTheWhispeerNamespaceIsAnError() {
        assertThatThrownBy(() -> serve("--anonymous", "--set", "whispeer.server.keep-alive").plan())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("key=value");
        assertThatThrownBy(() -> serve("--anonymous", "--set", "server.keep-alive=5s").plan())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("start with 'whispeer.'");
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorThatSuggestsTheClosestKnownKey() {
        assertThatThrownBy(() -> ServeConfig.parse("listener: [tcp://127.0.0.1:0]\n", "serve.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("serve.yaml").hasMessageContaining("'listener'").hasMessageContaining("Did you mean 'listeners'?");
    }

    @Test
    void aSettingOutsideTheWhispeerNamespaceInTheFileIsAnError() {
        assertThatThrownBy(() -> ServeConfig.parse("settings:\n  server.keep-alive: 5s\n", "serve.yaml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("server.keep-alive").hasMessageContaining("serve.yaml");
    }

    @Test
    void invalidYamlIsAnErrorNamingTheFileAndLine() {
        assertThatThrownBy(() -> ServeConfig.parse("tcp: [unclosed\n", "serve.yaml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("serve.yaml").hasMessageContaining("not valid YAML");
    }

    @Test
    void anEmptyConfigFileChangesNothing() {
        assertThat(ServerPlan.resolve(ServeConfig.parse("", "empty.yaml"), ANONYMOUS).listeners())
                .containsExactly("tcp://0.0.0.0:7420", "ws://0.0.0.0:7421/whispeer");
    }

    @Test
    void aMissingConfigFileIsAnErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> serve("--anonymous", "--config", missing.toString()).plan())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void aConfigurationErrorExitsWithStatus1AndOneLineOnStandardError() {
        StringWriter err = new StringWriter();

        int status = Main.run(new String[] {"serve", "--tcp", "nonsense"}, new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("whispeer serve: ").hasLineCount(1);
    }

    @Test
    void anUnknownFlagIsAUsageErrorWithStatus2() {
        StringWriter err = new StringWriter();

        int status = Main.run(new String[] {"serve", "--tpc", "127.0.0.1:0"}, new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--tpc").contains("Usage: whispeer serve");
    }

    @Test
    void versionAndHelpNameTheCommands() {
        StringWriter out = new StringWriter();

        assertThat(Main.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
        assertThat(out.toString()).contains("serve").contains("demo").contains("hash-password");
        StringWriter version = new StringWriter();
        assertThat(Main.run(new String[] {"--version"}, new PrintWriter(version), new PrintWriter(new StringWriter()))).isZero();
        assertThat(version.toString()).startsWith("whispeer ");
    }

    private static ServeCommand serve(String... args) {
        CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult parsed = cli.parseArgs(prepend("serve", args));
        return (ServeCommand) parsed.subcommand().commandSpec().userObject();
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
