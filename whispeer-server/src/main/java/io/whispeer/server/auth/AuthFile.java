package io.whispeer.server.auth;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.InvalidTopicException;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.spi.SecretFiles;
import io.whispeer.api.spi.Settings;

/**
 * The parsed auth file: users, tokens and ACL rules. The format (also in {@code package-info.java}):
 * <pre>
 * user  &lt;name&gt; &lt;argon2id PHC hash&gt;
 * token &lt;name&gt; &lt;tokenId&gt; &lt;argon2id PHC hash&gt;
 * allow|deny &lt;name | * | anonymous&gt; publish|subscribe|publish,subscribe &lt;topic filter&gt;
 * </pre>
 *
 * @param path   the file, for messages
 * @param users  user name to stored hash
 * @param tokens token id to its entry
 * @param rules  the rules, in file order
 */
record AuthFile(Path path, Map<String, String> users, Map<String, TokenEntry> tokens, List<Rule> rules) {
    /** The rule principal that matches every authenticated client. */
    static final String ANY_AUTHENTICATED = "*";
    /** The rule principal that matches clients that did not authenticate. */
    static final String ANONYMOUS = "anonymous";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final List<String> DIRECTIVES = List.of("user", "token", "allow", "deny");
    private static final List<String> ACTIONS = List.of("publish", "subscribe", "publish,subscribe");

    /**
     * A stored token.
     *
     * @param line      its line
     * @param principal who it authenticates
     * @param hash      the PHC hash of the whole token
     */
    record TokenEntry(int line, String principal, String hash) {
    }

    AuthFile {
        users = Map.copyOf(users);
        tokens = Map.copyOf(tokens);
        rules = List.copyOf(rules);
    }

    /**
     * Reads and parses an auth file after {@link SecretFiles#check} (owner-only permissions).
     *
     * @param path the file
     * @return the parsed file
     * @throws ConfigurationException when the file cannot be read, is readable by others, or has an error; the
     *                                message names the file, the line and the fix
     */
    static AuthFile load(Path path) {
        Objects.requireNonNull(path, "path");
        List<String> lines;
        try {
            SecretFiles.check("Auth file", path);
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("Auth file " + path + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new ConfigurationException("Cannot use the auth file " + path + " (set by " + Authenticator.FILE_SETTING + "): "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
        return parse(path, lines);
    }

    /**
     * Parses the lines of an auth file.
     *
     * @param path  the file, for messages
     * @param lines its lines
     * @return the parsed file
     * @throws ConfigurationException on the first error, naming the file, the line and the fix
     */
    static AuthFile parse(Path path, List<String> lines) {
        Map<String, String> users = new LinkedHashMap<>();
        Map<String, Integer> userLines = new LinkedHashMap<>();
        Map<String, TokenEntry> tokens = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String directive = words[0];
            switch (directive) {
                case "user" -> {
                    expectWords(path, number, words, 3, "user <name> <hash>, with the hash from 'whispeer hash-password'");
                    String name = principalName(path, number, words[1]);
                    checkHash(path, number, words[2]);
                    Integer previous = userLines.putIfAbsent(name, number);
                    if (previous != null) {
                        throw error(path, number, "user '" + name + "' is already defined on line " + previous + ". Keep one user line per name");
                    }
                    users.put(name, words[2]);
                }
                case "token" -> {
                    expectWords(path, number, words, 4, "token <name> <tokenId> <hash>, as printed when the token was generated");
                    String name = principalName(path, number, words[1]);
                    if (!TOKEN_ID.matcher(words[2]).matches()) {
                        throw error(path, number, "invalid token id '" + words[2] + "'. A token id is 1 to 64 letters or digits,"
                                + " the part between 'wpt_' and the next '_' of the token");
                    }
                    checkHash(path, number, words[3]);
                    TokenEntry previous = tokens.putIfAbsent(words[2], new TokenEntry(number, name, words[3]));
                    if (previous != null) {
                        throw error(path, number, "token id '" + words[2] + "' is already used on line " + previous.line()
                                + ". Every token needs its own id; generate a new token");
                    }
                }
                case "allow", "deny" -> {
                    expectWords(path, number, words, 4, directive + " <name|*|anonymous> <publish|subscribe|publish,subscribe> <topic filter>");
                    String principal = words[1];
                    if (!principal.equals(ANY_AUTHENTICATED) && !principal.equals(ANONYMOUS)) {
                        principalName(path, number, principal);
                    }
                    Set<Action> actions = actions(path, number, words[2]);
                    TopicFilter filter;
                    try {
                        filter = TopicFilter.parse(words[3]);
                    } catch (InvalidTopicException e) {
                        throw error(path, number, e.getMessage());
                    }
                    for (Action action : actions) {
                        rules.add(new Rule(number, directive.equals("allow"), principal, action, filter));
                    }
                }
                default -> throw error(path, number, "unknown directive '" + directive + "'" + suggestion(directive, DIRECTIVES)
                        + ". Lines start with user, token, allow or deny; comments start with #");
            }
        }
        Set<String> principals = new HashSet<>(users.keySet());
        tokens.values().forEach(token -> principals.add(token.principal()));
        for (Rule rule : rules) {
            String principal = rule.principal();
            if (!principal.equals(ANY_AUTHENTICATED) && !principal.equals(ANONYMOUS) && !principals.contains(principal)) {
                throw error(path, rule.line(), "'" + principal + "' has no user or token line, so this rule can never apply"
                        + suggestion(principal, principals) + ". Add 'user " + principal + " <hash>' or fix the name");
            }
        }
        return new AuthFile(path, users, tokens, rules);
    }

    /**
     * Checks a principal name.
     *
     * @param name the name
     * @return the problem, or empty when the name is valid
     */
    static Optional<String> checkPrincipalName(String name) {
        Objects.requireNonNull(name, "principal");
        if (name.equals(ANY_AUTHENTICATED) || name.equals(ANONYMOUS)) {
            return Optional.of("'" + name + "' is reserved in ACL rules (" + ANY_AUTHENTICATED + " = any authenticated client, "
                    + ANONYMOUS + " = clients without credentials) and cannot be a user or token name; choose another name");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("invalid name '" + name + "'. A name is 1 to 128 of A-Z a-z 0-9 . _ @ -, starting with a letter or digit");
        }
        return Optional.empty();
    }

    private static String principalName(Path path, int line, String name) {
        Optional<String> problem = checkPrincipalName(name);
        if (problem.isPresent()) {
            throw error(path, line, problem.get());
        }
        return name;
    }

    private static Set<Action> actions(Path path, int line, String word) {
        Set<Action> actions = new LinkedHashSet<>();
        for (String part : word.split(",", -1)) {
            switch (part) {
                case "publish" -> actions.add(Action.PUBLISH);
                case "subscribe" -> actions.add(Action.SUBSCRIBE);
                default -> throw error(path, line, "unknown action '" + word + "'" + suggestion(word, ACTIONS)
                        + ". Use publish, subscribe or publish,subscribe");
            }
        }
        return actions;
    }

    private static void checkHash(Path path, int line, String hash) {
        try {
            PasswordHasher.checkFormat(hash);
        } catch (IllegalArgumentException e) {
            throw error(path, line, e.getMessage());
        }
    }

    private static void expectWords(Path path, int line, String[] words, int count, String shape) {
        if (words.length != count) {
            String extra = words.length > count && Stream.of(words).skip(count).anyMatch(w -> w.startsWith("#"))
                    ? " (comments must be on their own line)" : "";
            throw error(path, line, "expected " + count + " words, found " + words.length + extra + ". Write: " + shape);
        }
    }

    static ConfigurationException error(Path path, int line, String problem) {
        return new ConfigurationException("Auth file " + path + " line " + line + ": " + problem);
    }

    private static String suggestion(String word, java.util.Collection<String> known) {
        return Settings.closest(word, known).map(candidate -> " (did you mean '" + candidate + "'?)").orElse("");
    }
}
