package io.whispeer.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.whispeer.api.TopicFilter;

class CoverageTest {
    private static final String[] LEVELS = {"a", "b", "$s", "+", "*", "#", ">"};
    /** Every literal the generated filters use, plus values none of them names. */
    private static final String[] TOPIC_LEVELS = {"a", "b", "$s", "c", "$t"};

    @Test
    void aSingleLevelGrantCoversItselfAndItsInstancesButNotAMultiLevelFilter() {
        assertThat(covers("a/b/c", "a/+/c")).isTrue();
        assertThat(covers("a/+/c", "a/+/c")).isTrue();
        assertThat(covers("a/*/c", "a/+/c")).isTrue();
        assertThat(covers("a/#", "a/+/c")).isFalse();
        assertThat(covers("a/+/+", "a/+/c")).isFalse();
    }

    @Test
    void grantsCoverAFilterTogether() {
        assertThat(covers("a/#", "a", "a/+/#")).isTrue();
        assertThat(covers("a/#", "a/+/#")).isFalse(); // 'a' itself is missing
        assertThat(covers("a/>", "a", "a/>")).isTrue();
    }

    @Test
    void wildcardFirstLevelsNeverReachDollarTopics() {
        assertThat(covers("$SYS/x", "#")).isFalse();
        assertThat(covers("$SYS/x", "+/x")).isFalse();
        assertThat(covers("#", "+/#")).isTrue(); // neither matches '$' topics, and '#' matches no empty topic
        assertThat(covers("$SYS/#", "$SYS/#")).isTrue();
    }

    @Test
    void coverageEqualsBruteForceOverARepresentativeUniverseForRandomFilters() {
        Random random = new Random(20261130L);
        List<String> universe = new ArrayList<>();
        topics("", 0, 4, universe);
        for (int round = 0; round < 3000; round++) {
            TopicFilter filter = TopicFilter.parse(randomFilter(random));
            List<TopicFilter> allows = new ArrayList<>();
            for (int i = random.nextInt(4); i >= 0; i--) {
                allows.add(TopicFilter.parse(randomFilter(random)));
            }
            boolean expected = universe.stream().filter(filter::matches).allMatch(t -> allows.stream().anyMatch(a -> a.matches(t)));
            List<String[]> levels = allows.stream().map(a -> a.levels().toArray(String[]::new)).toList();
            assertThat(Acl.Coverage.covers(filter.levels().toArray(String[]::new), levels))
                    .as("%s covered by %s", filter, allows)
                    .isEqualTo(expected);
        }
    }

    private static boolean covers(String filter, String... allows) {
        List<String[]> levels = new ArrayList<>();
        for (String allow : allows) {
            levels.add(TopicFilter.parse(allow).levels().toArray(String[]::new));
        }
        return Acl.Coverage.covers(TopicFilter.parse(filter).levels().toArray(String[]::new), levels);
    }

    /** Filters of 1 to 3 levels; a multi-level wildcard only last. */
    private static String randomFilter(Random random) {
        int length = 1 + random.nextInt(3);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String level = LEVELS[random.nextInt(LEVELS.length)];
            if ((level.equals("#") || level.equals(">")) && i < length - 1) {
                level = "+";
            }
            out.append(i == 0 ? "" : "/").append(level);
        }
        return out.toString();
    }

    /** All topics of 1 to {@code max} levels over {@link #TOPIC_LEVELS}: longer ones behave like the longest. */
    private static void topics(String prefix, int depth, int max, List<String> out) {
        if (depth == max) {
            return;
        }
        for (String level : TOPIC_LEVELS) {
            String topic = prefix.isEmpty() ? level : prefix + "/" + level;
            out.add(topic);
            topics(topic, depth + 1, max, out);
        }
    }
}
