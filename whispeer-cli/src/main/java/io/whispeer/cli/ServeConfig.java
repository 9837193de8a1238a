package io.whispeer.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.whispeer.api.ConfigurationException;

/**
 * What a {@code serve} config file says; every part is optional. The format (YAML):
 * <pre>
 * tcp: 0.0.0.0:7420              # host:port, a URI such as tls://0.0.0.0:7443, or off
 * ws: 0.0.0.0:7421/whispeer      # host:port/path, a URI such as wss://0.0.0.0:7443/whispeer, or off
 * listeners:                     # further listeners, as URIs
 *   - tls://0.0.0.0:7443
 * anonymous: true                # whispeer.server.auth.anonymous
 * auth-file: /etc/whispeer/auth  # whispeer.server.auth.file
 * settings:                      # any whispeer.* setting; nested keys are joined with dots
 *   whispeer.server.keep-alive: 30s
 *   whispeer:
 *     server:
 *       max-connections: 5000
 * </pre>
 *
 * @param source    where it came from, for error messages
 * @param tcp       the TCP listener, as written
 * @param ws        the WebSocket listener, as written
 * @param listeners further listener URIs
 * @param settings  whispeer.* settings, including those the {@code anonymous} and {@code auth-file} keys stand for
 */
record ServeConfig(String source, Optional<String> tcp, Optional<String> ws, List<String> listeners, Map<String, String> settings) {
    static final String DEFAULT_TCP = "0.0.0.0:7420";
    static final String DEFAULT_WS = "0.0.0.0:7421/whispeer";
    static final String DEFAULT_WS_PATH = "/whispeer";
    static final String ANONYMOUS = "whispeer.server.auth.anonymous";
    static final String AUTH_FILE = "whispeer.server.auth.file";
    private static final Set<String> KEYS = Set.of("tcp", "ws", "listeners", "anonymous", "auth-file", "settings");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    ServeConfig {
        listeners = List.copyOf(listeners);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** {@return a config that says nothing: every default applies} */
    static ServeConfig none() {
        return new ServeConfig("defaults", Optional.empty(), Optional.empty(), List.of(), Map.of());
    }

    /**
     * Reads a config file.
     *
     * @param file a YAML file
     * @return what it says
     * @throws ConfigurationException when it cannot be read or says something this command does not understand
     */
    static ServeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the config file " + file + " (" + e + "); check the path given to --config.", e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a config file's text.
     *
     * @param yaml   the YAML text
     * @param source where it came from, named in errors
     * @return what it says
     * @throws ConfigurationException when it says something this command does not understand
     */
    static ServeConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigurationException("The config file " + source + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ServeConfig(source, Optional.empty(), Optional.empty(), List.of(), Map.of());
        }
        if (!root.isObject()) {
            throw new ConfigurationException("The config file " + source + " must be a YAML mapping with the keys " + KEYS.stream().sorted().toList()
                    + "; it is a " + root.getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
        }
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            String name = property.getKey();
            if (!KEYS.contains(name)) {
                throw new ConfigurationException("Unknown key '" + name + "' in the config file " + source + closest(name, KEYS)
                        + " It may hold " + KEYS.stream().sorted().toList() + "; whispeer.* settings go under 'settings'.");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode settingsNode = root.path("settings");
        if (!settingsNode.isMissingNode() && !settingsNode.isNull()) {
            if (!settingsNode.isObject()) {
                throw new ConfigurationException("'settings' in the config file " + source + " must be a mapping of whispeer.* keys to values.");
            }
            flatten("", settingsNode, settings, source);
        }
        settings.keySet().forEach(key -> checkSettingKey(key, "in 'settings' of " + source));
        scalar(root, "anonymous", source).ifPresent(v -> settings.put(ANONYMOUS, booleanValue(v, "anonymous in " + source)));
        scalar(root, "auth-file", source).ifPresent(v -> settings.put(AUTH_FILE, v));
        List<String> listeners = new ArrayList<>();
        JsonNode listenersNode = root.path("listeners");
        if (!listenersNode.isMissingNode() && !listenersNode.isNull()) {
            if (!listenersNode.isArray()) {
                throw new ConfigurationException("'listeners' in the config file " + source + " must be a list of URIs, such as [tls://0.0.0.0:7443].");
            }
            for (JsonNode uri : listenersNode) {
                if (!uri.isValueNode()) {
                    throw new ConfigurationException("'listeners' in the config file " + source + " must hold URIs only; found " + uri + ".");
                }
                listeners.add(listenerUri(uri.asText(), "listeners in " + source));
            }
        }
        return new ServeConfig(source, listener(root, "tcp", source), listener(root, "ws", source), listeners, settings);
    }

    /** A listener key: a scalar, where YAML's {@code false} (an unquoted {@code off} in YAML 1.1) means off. */
    private static Optional<String> listener(JsonNode root, String key, String source) {
        JsonNode node = root.path(key);
        if (node.isBoolean() && !node.booleanValue()) {
            return Optional.of("off");
        }
        return scalar(root, key, source);
    }

    private static Optional<String> scalar(JsonNode root, String key, String source) {
        JsonNode node = root.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw new ConfigurationException("'" + key + "' in the config file " + source + " must be a single value; found " + node + ".");
        }
        return Optional.of(node.asText());
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into, String source) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, into, source);
            } else if (value.isValueNode() && !value.isNull()) {
                into.put(key, value.asText());
            } else {
                throw new ConfigurationException("Setting " + key + " in the config file " + source + " must be a single value, such as 30s or 1000; found "
                        + value + ".");
            }
        }
    }

    /**
     * Checks that a key is a whispeer setting.
     *
     * @param key   the key
     * @param where where it was written, for the error
     * @throws ConfigurationException when it is not under {@code whispeer.}
     */
    static void checkSettingKey(String key, String where) {
        if (!key.startsWith("whispeer.") || key.length() == "whispeer.".length()) {
            throw new ConfigurationException("Setting '" + key + "' " + where + " is not a whispeer setting; whispeer settings start with 'whispeer.', "
                    + "such as whispeer.server.keep-alive.");
        }
    }

    static String booleanValue(String value, String where) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> "true";
            case "false", "no", "off" -> "false";
            default -> throw new ConfigurationException("Invalid " + where + ": '" + value + "'; use true or false.");
        };
    }

    /**
     * Turns a {@code --tcp} value into a listener URI.
     *
     * @param value {@code host:port}, a URI ({@code tcp://...}, {@code tls://...}) or {@code off}
     * @param where the flag or file key it came from, for errors
     * @return the URI; empty for {@code off}
     */
    static Optional<String> tcpListener(String value, String where) {
        if (isOff(value)) {
            return Optional.empty();
        }
        String uri = value.contains("://") ? value : "tcp://" + value;
        URI parsed = check(uri, where, "host:port (such as 0.0.0.0:7420), a URI such as tls://0.0.0.0:7443, or off");
        if (!parsed.getRawPath().isEmpty() && !value.contains("://")) {
            throw new ConfigurationException("Invalid " + where + " '" + value + "': a TCP listener has no path; use host:port, such as 0.0.0.0:7420.");
        }
        return Optional.of(uri);
    }

    /**
     * Turns a {@code --ws} value into a listener URI.
     *
     * @param value {@code host:port/path} (the path defaults to {@value #DEFAULT_WS_PATH}), a URI ({@code ws://...},
     *              {@code wss://...}) or {@code off}
     * @param where the flag or file key it came from, for errors
     * @return the URI; empty for {@code off}
     */
    static Optional<String> wsListener(String value, String where) {
        if (isOff(value)) {
            return Optional.empty();
        }
        String uri = value.contains("://") ? value : "ws://" + value;
        URI parsed = check(uri, where, "host:port/path (such as 0.0.0.0:7421/whispeer), a URI such as wss://0.0.0.0:7443/whispeer, or off");
        if (parsed.getRawPath().isEmpty() || parsed.getRawPath().equals("/")) {
            uri = uri.replaceFirst("/?$", DEFAULT_WS_PATH);
        }
        return Optional.of(uri);
    }

    private static String listenerUri(String value, String where) {
        check(value, where, "a URI such as tls://0.0.0.0:7443 or wss://0.0.0.0:7443/whispeer");
        return value;
    }

    private static boolean isOff(String value) {
        return Objects.requireNonNull(value, "value").trim().equalsIgnoreCase("off");
    }

    private static URI check(String uri, String where, String expected) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("Invalid " + where + " '" + uri + "': " + e.getReason() + "; use " + expected + ".", e);
        }
        if (parsed.getScheme() == null || parsed.getHost() == null || parsed.getPort() < 0 || parsed.getPort() > 65_535) {
            throw new ConfigurationException("Invalid " + where + " '" + uri + "': it needs a host and a port from 0 (any free port) to 65535; use "
                    + expected + ".");
        }
        return parsed;
    }

    /** {@return " Did you mean 'x'?" for the known name closest to {@code name}, or nothing when none is close} */
    static String closest(String name, Set<String> known) {
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(Comparator.naturalOrder()))
                .filter(k -> distance(name, k) <= Math.max(2, k.length() / 3))
                .map(k -> " Did you mean '" + k + "'?")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
