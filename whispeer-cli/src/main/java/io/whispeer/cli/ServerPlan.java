package io.whispeer.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.whispeer.api.ConfigurationException;

/**
 * What {@code serve} starts: the listener URIs and the broker's settings, merged from the defaults, the config file
 * and the flags. Precedence, lowest first: defaults; the config file ({@code settings}, then its {@code anonymous} and
 * {@code auth-file}); {@code --set}; {@code --tcp}, {@code --ws}, {@code --anonymous} and {@code --auth-file}.
 *
 * @param listeners listener URIs, in order
 * @param settings  the broker's settings
 */
record ServerPlan(List<String> listeners, Map<String, String> settings) {
    ServerPlan {
        listeners = List.copyOf(listeners);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * The flags of {@code serve} that shape the server.
     *
     * @param tcp       {@code --tcp}
     * @param ws        {@code --ws}
     * @param set       {@code --set key=value}, in order
     * @param anonymous {@code --anonymous}
     * @param authFile  {@code --auth-file}
     */
    record Flags(Optional<String> tcp, Optional<String> ws, Map<String, String> set, boolean anonymous, Optional<Path> authFile) {
        Flags {
            set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        }

        /** {@return no flags} */
        static Flags none() {
            return new Flags(Optional.empty(), Optional.empty(), Map.of(), false, Optional.empty());
        }
    }

    /**
     * Merges the defaults, a config file and the flags.
     *
     * @param file  the config file's content ({@link ServeConfig#none()} without one)
     * @param flags the flags
     * @return the plan
     * @throws ConfigurationException when a value is invalid, nothing would listen, or no authentication is configured
     */
    static ServerPlan resolve(ServeConfig file, Flags flags) {
        List<String> listeners = new ArrayList<>();
        String tcpWhere = flags.tcp().isPresent() ? "--tcp" : file.tcp().isPresent() ? "tcp in " + file.source() : "default tcp";
        ServeConfig.tcpListener(flags.tcp().or(file::tcp).orElse(ServeConfig.DEFAULT_TCP), tcpWhere).ifPresent(listeners::add);
        String wsWhere = flags.ws().isPresent() ? "--ws" : file.ws().isPresent() ? "ws in " + file.source() : "default ws";
        ServeConfig.wsListener(flags.ws().or(file::ws).orElse(ServeConfig.DEFAULT_WS), wsWhere).ifPresent(listeners::add);
        listeners.addAll(file.listeners());
        if (listeners.isEmpty()) {
            throw new ConfigurationException("Nothing to listen on: both TCP and WebSocket are off and " + file.source()
                    + " lists no other listeners. Leave one on, such as --tcp 0.0.0.0:7420.");
        }

        Map<String, String> settings = new LinkedHashMap<>(file.settings());
        flags.set().forEach((key, value) -> {
            ServeConfig.checkSettingKey(key, "(--set)");
            settings.put(key, value);
        });
        if (flags.anonymous()) {
            settings.put(ServeConfig.ANONYMOUS, "true");
        }
        flags.authFile().ifPresent(path -> settings.put(ServeConfig.AUTH_FILE, path.toString()));
        boolean anonymous = settings.containsKey(ServeConfig.ANONYMOUS)
                && ServeConfig.booleanValue(settings.get(ServeConfig.ANONYMOUS), ServeConfig.ANONYMOUS).equals("true");
        if (!anonymous && !settings.containsKey(ServeConfig.AUTH_FILE)) {
            throw new ConfigurationException("No client could connect: anonymous access is off and no credentials file is set. Pass --auth-file <path> "
                    + "(users, tokens and ACLs; see docs/cli.md), or --anonymous to let anyone connect (for local development).");
        }
        return new ServerPlan(listeners, settings);
    }

    /**
     * Parses a {@code --set} value.
     *
     * @param keyValue {@code key=value}
     * @return the key and the value
     * @throws ConfigurationException when there is no {@code =} or the key is not a whispeer setting
     */
    static Map.Entry<String, String> setting(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new ConfigurationException("Invalid --set '" + keyValue + "': use key=value, such as --set whispeer.server.keep-alive=30s.");
        }
        String key = keyValue.substring(0, eq).trim();
        ServeConfig.checkSettingKey(key, "(--set)");
        return Map.entry(key, keyValue.substring(eq + 1).trim());
    }
}
