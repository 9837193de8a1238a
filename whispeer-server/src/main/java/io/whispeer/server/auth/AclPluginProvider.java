package io.whispeer.server.auth;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import io.whispeer.api.Envelope;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.spi.Authorization;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.Plugin;
import io.whispeer.api.spi.PluginContext;
import io.whispeer.api.spi.PluginProvider;
import io.whispeer.api.spi.Settings;

/**
 * Provides the {@code acl} plugin, which enforces the {@code allow}/{@code deny} rules of the auth file named by the
 * broker-wide setting {@value Authenticator#FILE_SETTING} through the Plugin SPI's authorization hooks, so that a
 * third-party plugin can add its own decision (the broker denies when any plugin denies) or replace this one (leave
 * it out with {@code whispeer.plugins.allow}).
 *
 * <p>The plugin:
 * <ul>
 *   <li>always allows the in-process client ({@link ClientInfo#IN_PROCESS}): the embedded application owns the
 *       broker;</li>
 *   <li>allows everything when no auth file is set (who may connect at all is the {@link Authenticator}'s
 *       decision);</li>
 *   <li>otherwise applies the rules of the client's principal, of {@code *} (any authenticated client) or of
 *       {@code anonymous} (a client without a principal): a deny rule that could match any topic of the request
 *       wins; then the request must be covered by allow rules; with no grant it is denied. A subscribe filter is
 *       allowed only when every topic it can match is allowed, so wildcards never widen a grant.</li>
 * </ul>
 * A denial's reason names the principal, the action, the topic or filter, the rule line when a deny rule decided,
 * and the file. It reads no keys of its own ({@code whispeer.plugin.acl.*}).
 */
public final class AclPluginProvider implements PluginProvider {
    /** The plugin's name. */
    public static final String NAME = "acl";

    /** Creates the provider; cheap. */
    public AclPluginProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plugin create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return new AclPlugin();
    }

    /** The plugin; the rules load in {@link #start}. */
    static final class AclPlugin implements Plugin {
        private volatile Optional<Acl> acl = Optional.empty();
        private volatile boolean started;

        @Override
        public String name() {
            return NAME;
        }

        /** Runs before other plugins, so that a denial is decided before any other plugin sees the request. */
        @Override
        public int order() {
            return -1000;
        }

        @Override
        public void start(PluginContext context) {
            Optional<String> file = context.settings().get(Authenticator.FILE_SETTING).filter(p -> !p.isEmpty());
            acl = file.map(path -> new Acl(AuthFile.load(Path.of(path))));
            started = true;
        }

        @Override
        public Authorization authorizePublish(ClientInfo client, Envelope envelope) {
            if (client.transport().equals(ClientInfo.IN_PROCESS)) {
                return Authorization.allow();
            }
            return decide().map(rules -> rules.publish(client.principal(), envelope.topic())).orElse(Authorization.allow());
        }

        @Override
        public Authorization authorizeSubscribe(ClientInfo client, TopicFilter filter) {
            if (client.transport().equals(ClientInfo.IN_PROCESS)) {
                return Authorization.allow();
            }
            return decide().map(rules -> rules.subscribe(client.principal(), filter)).orElse(Authorization.allow());
        }

        private Optional<Acl> decide() {
            if (!started) {
                throw new IllegalStateException("The acl plugin was asked to authorize before start(); the broker must start plugins first");
            }
            return acl;
        }
    }
}
