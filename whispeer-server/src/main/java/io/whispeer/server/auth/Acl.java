package io.whispeer.server.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.whispeer.api.TopicFilter;
import io.whispeer.api.spi.Authorization;

/**
 * The ACL decisions of an {@link AuthFile}. A rule applies to a client when its principal is the client's name, or
 * {@code *} and the client authenticated, or {@code anonymous} and it did not. A request is denied when an applicable
 * deny rule could match any topic of the request (deny wins); otherwise it is allowed only when applicable allow
 * rules cover every topic of the request; without such a grant it is denied.
 *
 * <p>Subscribing is judged filter against filters, soundly for wildcards: a filter is allowed only if every concrete
 * topic it can match is matched by at least one applicable allow filter (together, not only one by one: {@code a} and
 * {@code a/+/#} cover {@code a/#}), and no topic it can match is matched by an applicable deny filter. Topics whose
 * first level starts with {@code $} follow {@link TopicFilter}: a wildcard first level never matches them.
 *
 * <p>Thread-safe. Decisions per principal and topic or filter are cached (bounded).
 */
final class Acl {
    private static final int CACHE_LIMIT = 4096;

    private final AuthFile file;
    private final Map<String, Rules> byPrincipal = new ConcurrentHashMap<>();
    private final Rules anonymous;

    Acl(AuthFile file) {
        this.file = Objects.requireNonNull(file, "file");
        this.anonymous = new Rules(Optional.empty());
    }

    /**
     * Decides a publish.
     *
     * @param principal the client's principal, empty for an anonymous client
     * @param topic     the concrete topic
     * @return the decision
     */
    Authorization publish(Optional<String> principal, String topic) {
        return rules(principal).publish(topic);
    }

    /**
     * Decides a subscribe.
     *
     * @param principal the client's principal, empty for an anonymous client
     * @param filter    the filter
     * @return the decision
     */
    Authorization subscribe(Optional<String> principal, TopicFilter filter) {
        return rules(principal).subscribe(filter);
    }

    private Rules rules(Optional<String> principal) {
        return principal.map(name -> byPrincipal.computeIfAbsent(name, n -> new Rules(Optional.of(n)))).orElse(anonymous);
    }

    /** The rules that apply to one principal, with a decision cache per action. */
    private final class Rules {
        private final Optional<String> principal;
        private final List<Rule> allowPublish = new ArrayList<>();
        private final List<Rule> denyPublish = new ArrayList<>();
        private final List<Rule> allowSubscribe = new ArrayList<>();
        private final List<Rule> denySubscribe = new ArrayList<>();
        private final Map<String, Authorization> publishCache = new ConcurrentHashMap<>();
        private final Map<String, Authorization> subscribeCache = new ConcurrentHashMap<>();

        Rules(Optional<String> principal) {
            this.principal = principal;
            for (Rule rule : file.rules()) {
                boolean applies = principal.isPresent()
                        ? rule.principal().equals(principal.get()) || rule.principal().equals(AuthFile.ANY_AUTHENTICATED)
                        : rule.principal().equals(AuthFile.ANONYMOUS);
                if (applies) {
                    (rule.action() == Action.PUBLISH ? rule.allow() ? allowPublish : denyPublish
                            : rule.allow() ? allowSubscribe : denySubscribe).add(rule);
                }
            }
        }

        Authorization publish(String topic) {
            return cached(publishCache, topic, () -> decidePublish(topic));
        }

        Authorization subscribe(TopicFilter filter) {
            return cached(subscribeCache, filter.text(), () -> decideSubscribe(filter));
        }

        private static Authorization cached(Map<String, Authorization> cache, String key, Supplier<Authorization> decide) {
            Authorization cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
            Authorization decision = decide.get();
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(key, decision);
            return decision;
        }

        private Authorization decidePublish(String topic) {
            for (Rule rule : denyPublish) {
                if (rule.filter().matches(topic)) {
                    return denied(Action.PUBLISH, topic, "line " + rule.line() + " (" + rule.text() + ") denies it");
                }
            }
            for (Rule rule : allowPublish) {
                if (rule.filter().matches(topic)) {
                    return Authorization.allow();
                }
            }
            return denied(Action.PUBLISH, topic, noGrant(Action.PUBLISH, false));
        }

        private Authorization decideSubscribe(TopicFilter filter) {
            for (Rule rule : denySubscribe) {
                if (rule.filter().intersects(filter)) {
                    return denied(Action.SUBSCRIBE, filter.text(), "line " + rule.line() + " (" + rule.text() + ") denies "
                            + (rule.filter().equals(filter) ? "it" : "topics it would receive"));
                }
            }
            List<String[]> allows = new ArrayList<>(allowSubscribe.size());
            allowSubscribe.forEach(rule -> allows.add(rule.filter().levels().toArray(String[]::new)));
            if (Coverage.covers(filter.levels().toArray(String[]::new), allows)) {
                return Authorization.allow();
            }
            return denied(Action.SUBSCRIBE, filter.text(), noGrant(Action.SUBSCRIBE, filter.isWildcard()));
        }

        private String noGrant(Action action, boolean wildcard) {
            List<Rule> allows = action == Action.PUBLISH ? allowPublish : allowSubscribe;
            String who = principal.orElse(AuthFile.ANONYMOUS);
            if (allows.isEmpty()) {
                return "no allow rule grants " + who + " " + action.word() + " on any topic";
            }
            String granted = String.join(", ", allows.stream().map(rule -> rule.filter().text()).distinct().limit(5).toList())
                    + (allows.size() > 5 ? ", ..." : "");
            return "no allow rule covers it (" + action.word() + " is granted on " + granted + ")"
                    + (wildcard ? "; subscribe to a narrower filter" : "");
        }

        private Authorization denied(Action action, String target, String why) {
            String who = principal.map(name -> "Principal '" + name + "'").orElse("An anonymous client");
            return Authorization.deny(who + " may not " + action.word() + (action == Action.PUBLISH ? " to topic '" : " to filter '")
                    + target + "': " + why + " in auth file " + file.path());
        }
    }

    /** Whether a set of filters matches every topic that a filter matches. */
    static final class Coverage {
        private Coverage() {
        }

        /**
         * Tells whether every concrete topic matched by {@code filter} is matched by at least one of {@code allows}.
         *
         * @param filter the levels of the requested filter
         * @param allows the levels of the allowed filters
         * @return whether the allows cover the filter
         */
        static boolean covers(String[] filter, List<String[]> allows) {
            List<Cursor> alive = new ArrayList<>(allows.size());
            allows.forEach(levels -> alive.add(new Cursor(levels, 0)));
            return covers(filter, 0, alive);
        }

        private record Cursor(String[] levels, int at) {
            boolean atEnd() {
                return at == levels.length;
            }

            boolean multi() {
                return at < levels.length && TopicFilter.isMultiLevelWildcard(levels[at]);
            }

            boolean single() {
                return at < levels.length && TopicFilter.isSingleLevelWildcard(levels[at]);
            }

            Cursor next() {
                return new Cursor(levels, at + 1);
            }
        }

        private static boolean covers(String[] filter, int i, List<Cursor> alive) {
            if (alive.isEmpty()) {
                return false;
            }
            if (i == filter.length) {
                // the topic ends here: an allow that also ends here, or whose '#' matches zero levels
                return alive.stream().anyMatch(c -> c.atEnd() || c.multi());
            }
            String level = filter[i];
            if (TopicFilter.isMultiLevelWildcard(level)) {
                return coversRest(i == 0, alive);
            }
            List<Cursor> next = new ArrayList<>(alive.size());
            if (TopicFilter.isSingleLevelWildcard(level)) {
                // Any value, including one no allow names: only wildcard levels cover every value. A value equal to a
                // literal keeps more allows alive, so covering the unnamed value covers the named ones too.
                for (Cursor c : alive) {
                    if (c.multi()) {
                        return true;
                    }
                    if (c.single()) {
                        next.add(c.next());
                    }
                }
                return covers(filter, i + 1, next);
            }
            boolean reserved = i == 0 && level.startsWith("$");
            for (Cursor c : alive) {
                if (c.atEnd() || reserved && (c.multi() || c.single())) {
                    continue; // a wildcard first level never matches a '$' topic
                }
                if (c.multi()) {
                    return true;
                }
                if (c.single() || c.levels()[c.at()].equals(level)) {
                    next.add(c.next());
                }
            }
            return covers(filter, i + 1, next);
        }

        /** The filter's '#': every continuation from here (zero or more levels, any values) must be covered. */
        private static boolean coversRest(boolean first, List<Cursor> alive) {
            List<Cursor> current = alive;
            boolean zeroLevels = !first; // a '#' as the whole filter matches no empty topic
            while (true) {
                if (current.isEmpty()) {
                    return false;
                }
                if (current.stream().anyMatch(Cursor::multi)) {
                    return true;
                }
                if (zeroLevels && current.stream().noneMatch(Cursor::atEnd)) {
                    return false;
                }
                zeroLevels = true;
                List<Cursor> next = new ArrayList<>(current.size());
                for (Cursor c : current) {
                    if (c.single()) {
                        next.add(c.next());
                    }
                }
                current = next;
            }
        }
    }
}
