package io.whispeer.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.whispeer.api.Envelope;
import io.whispeer.api.MessageId;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.spi.Authorization;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.Settings;

/**
 * The ACL matrix through the plugin's SPI hooks: principals x actions x topics and filters, against one auth file.
 * Three checks: an explicit table of expected decisions (wildcards included), an independent oracle for every
 * concrete topic of a universe, and soundness of every allowed wildcard subscribe against that universe.
 */
class AclMatrixTest {
    private static final String HASH = Fixtures.HASHER.hash("pw");
    private static final String FILE = """
            user alice %1$s
            user bob %1$s
            user carol %1$s
            token ci-bot id1 %1$s
            allow alice publish,subscribe sensors/#
            deny  alice publish,subscribe sensors/secret/#
            allow bob   subscribe a/+/c
            allow bob   publish   bob/out
            allow bob   subscribe x
            allow bob   subscribe x/+/#
            allow ci-bot publish,subscribe ci/+/status
            deny  ci-bot publish ci/prod/status
            allow *     subscribe public/#
            deny  *     publish   public/#
            allow anonymous subscribe public/news
            allow bob   subscribe $SYS/health
            """.formatted(HASH);

    private static final List<Optional<String>> PRINCIPALS = List.of(Optional.of("alice"), Optional.of("bob"), Optional.of("carol"),
            Optional.of("ci-bot"), Optional.empty());
    private static final List<String> UNIVERSE = List.of("sensors", "sensors/kitchen", "sensors/kitchen/temp", "sensors/secret",
            "sensors/secret/key", "a", "a/b", "a/b/c", "a/z/c", "a/b/c/d", "a/b/d", "bob/out", "bob/in", "x", "x/y", "x/y/z",
            "ci/dev/status", "ci/prod/status", "ci/dev/log", "public", "public/news", "public/sports", "public/news/today",
            "$SYS/health", "$SYS/load", "other");
    private static final List<String> FILTERS = List.of("#", ">", "+", "+/+", "+/#", "sensors/#", "sensors/+", "sensors/+/temp",
            "sensors/kitchen/#", "sensors/secret/#", "a/#", "a/+/c", "a/b/c", "a/+/+", "a/*/c", "a/+/c/#", "x/#", "x/+", "x/+/#",
            "ci/+/status", "ci/#", "public/#", "public/news", "public/+", "$SYS/#", "$SYS/health", "+/health", "other");

    @TempDir
    Path dir;
    private Plugin plugin;

    @BeforeEach
    void startPlugin() throws Exception {
        Path file = Fixtures.secretFile(dir, "auth.conf", FILE);
        plugin = new AclPluginProvider().create(Settings.empty());
        plugin.start(Fixtures.context(Settings.of(Map.of(Authenticator.FILE_SETTING, file.toString()))));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // principal, action, topic or filter, allowed
                row("alice", "publish", "sensors/kitchen/temp", true),
                row("alice", "publish", "sensors", true),
                row("alice", "publish", "sensors/secret/key", false), // deny wins over the wider allow
                row("alice", "publish", "public/news", false), // deny * publish public/#
                row("alice", "subscribe", "sensors/kitchen/#", true),
                row("alice", "subscribe", "sensors/#", false), // would cover sensors/secret/...
                row("alice", "subscribe", "sensors/+/temp", false), // + could be 'secret'
                row("alice", "subscribe", "sensors/+", false), // sensors/secret is denied (deny # matches zero levels)
                row("alice", "subscribe", "#", false),
                row("alice", "subscribe", "public/#", true), // allow * subscribe public/#
                row("bob", "subscribe", "a/b/c", true),
                row("bob", "subscribe", "a/+/c", true),
                row("bob", "subscribe", "a/*/c", true),
                row("bob", "subscribe", "a/#", false),
                row("bob", "subscribe", "a/+/+", false),
                row("bob", "subscribe", "a/+/c/#", false),
                row("bob", "subscribe", "x/#", true), // x and x/+/# cover x/# together
                row("bob", "subscribe", "x/+", true), // x/+/# matches x/y too (# matches zero levels)
                row("bob", "subscribe", "x/y/z/#", true),
                row("bob", "subscribe", "+", false), // x is granted, other is not
                row("bob", "subscribe", "$SYS/health", true),
                row("bob", "subscribe", "+/health", false), // matches other/health, not granted
                row("bob", "publish", "bob/out", true),
                row("bob", "publish", "bob/in", false),
                row("carol", "subscribe", "public/#", true), // only the * grant
                row("carol", "subscribe", "public/news", true),
                row("carol", "publish", "public/news", false),
                row("carol", "subscribe", "sensors/kitchen/temp", false),
                row("ci-bot", "publish", "ci/dev/status", true),
                row("ci-bot", "publish", "ci/prod/status", false),
                row("ci-bot", "subscribe", "ci/+/status", true), // the deny is on publish only
                row("ci-bot", "subscribe", "ci/#", false),
                row("anonymous", "subscribe", "public/news", true),
                row("anonymous", "subscribe", "public/#", false), // '*' is authenticated clients only
                row("anonymous", "subscribe", "public/+", false),
                row("anonymous", "publish", "public/news", false));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("table")
    void eachPrincipalGetsExactlyTheDecisionTheTableStates(String principal, String action, String target, boolean allowed) {
        assertThat(decide(principal(principal), action, target).isAllowed()).isEqualTo(allowed);
    }

    @Test
    void everyConcreteDecisionAgreesWithAnIndependentReadingOfTheRules() {
        List<String> mismatches = new ArrayList<>();
        for (Optional<String> principal : PRINCIPALS) {
            for (String action : List.of("publish", "subscribe")) {
                for (String topic : UNIVERSE) {
                    boolean actual = decide(principal, action, topic).isAllowed();
                    if (actual != oracle(principal, action, topic)) {
                        mismatches.add(principal.orElse("anonymous") + " " + action + " " + topic + " -> " + actual);
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void noAllowedSubscribeReachesATopicOutsideThePrincipalsGrants() {
        List<String> leaks = new ArrayList<>();
        int allowedWildcards = 0;
        for (Optional<String> principal : PRINCIPALS) {
            for (String filter : FILTERS) {
                if (decide(principal, "subscribe", filter).isAllowed()) {
                    allowedWildcards++;
                    for (String topic : UNIVERSE) {
                        if (TopicFilter.parse(filter).matches(topic) && !oracle(principal, "subscribe", topic)) {
                            leaks.add(principal.orElse("anonymous") + " subscribe " + filter + " receives " + topic);
                        }
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(allowedWildcards).as("the matrix must allow some filters, or it checks nothing").isGreaterThan(5);
    }

    @Test
    void aDenialNamesThePrincipalTheActionTheTargetTheRuleAndTheFile() {
        assertThat(decide(principal("alice"), "subscribe", "sensors/#").reason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("Principal 'alice' may not subscribe to filter 'sensors/#': line 6 (deny alice subscribe sensors/secret/#)"
                        + " denies topics it would receive in auth file ")
                .endsWith("auth.conf"));
        assertThat(decide(Optional.empty(), "publish", "public/news").reason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("An anonymous client may not publish to topic 'public/news': no allow rule grants anonymous publish on any topic"));
        assertThat(decide(principal("bob"), "subscribe", "a/#").reason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("no allow rule covers it (subscribe is granted on a/+/c, x, x/+/#, public/#, $SYS/health); subscribe to a narrower filter"));
    }

    @Test
    void theInProcessClientIsNeverRestricted() {
        ClientInfo app = Fixtures.client(Optional.empty(), ClientInfo.IN_PROCESS);
        assertThat(plugin.authorizePublish(app, envelope("sensors/secret/key")).isAllowed()).isTrue();
        assertThat(plugin.authorizeSubscribe(app, TopicFilter.parse("#")).isAllowed()).isTrue();
    }

    @Test
    void withoutAnAuthFileThePluginAllowsEverything() throws Exception {
        Plugin open = new AclPluginProvider().create(Settings.empty());
        open.start(Fixtures.context(Settings.empty()));
        assertThat(open.authorizeSubscribe(Fixtures.remote(Optional.empty()), TopicFilter.parse("#")).isAllowed()).isTrue();
        assertThat(open.authorizePublish(Fixtures.remote(Optional.of("anyone")), envelope("a/b")).isAllowed()).isTrue();
    }

    @Test
    void aPluginAskedBeforeStartFailsClosed() {
        Plugin unstarted = new AclPluginProvider().create(Settings.empty());
        assertThatThrownBy(() -> unstarted.authorizePublish(Fixtures.remote(Optional.empty()), envelope("a")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePluginIsNamedAcl() {
        assertThat(new AclPluginProvider().name()).isEqualTo("acl");
        assertThat(new AclPluginProvider().create(Settings.empty()).name()).isEqualTo("acl");
    }

    @Test
    void repeatedDecisionsStayTheSameOnceCached() {
        for (int i = 0; i < 3; i++) {
            assertThat(decide(principal("alice"), "publish", "sensors/secret/key").isAllowed()).isFalse();
            assertThat(decide(principal("alice"), "publish", "sensors/a").isAllowed()).isTrue();
        }
    }

    /** The rules read naively, topic by topic: deny if any applicable deny matches, else allow if any allow matches. */
    private static boolean oracle(Optional<String> principal, String action, String topic) {
        boolean allowed = false;
        for (String line : FILE.lines().toList()) {
            String[] w = line.trim().split("\\s+");
            if (!(w[0].equals("allow") || w[0].equals("deny")) || !List.of(w[2].split(",")).contains(action)) {
                continue;
            }
            boolean applies = principal.map(p -> w[1].equals(p) || w[1].equals("*")).orElse(w[1].equals("anonymous"));
            if (applies && TopicFilter.parse(w[3]).matches(topic)) {
                if (w[0].equals("deny")) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private Authorization decide(Optional<String> principal, String action, String target) {
        ClientInfo client = Fixtures.remote(principal);
        return action.equals("publish") ? plugin.authorizePublish(client, envelope(target))
                : plugin.authorizeSubscribe(client, TopicFilter.parse(target));
    }

    private static Optional<String> principal(String name) {
        return name.equals("anonymous") ? Optional.empty() : Optional.of(name);
    }

    private static Arguments row(String principal, String action, String target, boolean allowed) {
        return Arguments.of(principal, action, target, allowed);
    }

    private static Envelope envelope(String topic) {
        return Envelope.builder().topic(topic).id(MessageId.generate()).timestampMillis(1).payload(new byte[] {1}).build();
    }
}
