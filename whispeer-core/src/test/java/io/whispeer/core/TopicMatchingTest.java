package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.whispeer.api.InvalidTopicException;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.TopicRules;

/**
 * The wildcard rules, checked on {@link TopicFilter#matches}; routing by them end to end is checked by
 * {@link EmbeddedBrokerCompatibilityTest}.
 */
class TopicMatchingTest {

    public static Stream<Arguments> table() {
        return Stream.of(
                // filter, topic, matches
                Arguments.of("a", "a", true),
                Arguments.of("a", "b", false),
                Arguments.of("a", "a/b", false),
                Arguments.of("a/b", "a", false),
                Arguments.of("a/b/c", "a/b/c", true),
                Arguments.of("a/b/c", "a/b/cd", false),
                Arguments.of("a/b/c", "a/bc", false),
                Arguments.of("a/+/c", "a/b/c", true),
                Arguments.of("a/*/c", "a/b/c", true),
                Arguments.of("a/+/c", "a/b/d", false),
                Arguments.of("a/+/c", "a/c", false),
                Arguments.of("a/+/c", "a/b/x/c", false),
                Arguments.of("+", "a", true),
                Arguments.of("+", "a/b", false),
                Arguments.of("*", "anything", true),
                Arguments.of("+/+", "a/b", true),
                Arguments.of("+/+", "a", false),
                Arguments.of("+/b", "a/b", true),
                Arguments.of("a/+", "a/b", true),
                Arguments.of("a/+", "a", false),
                Arguments.of("#", "a", true),
                Arguments.of("#", "a/b/c", true),
                Arguments.of(">", "a/b/c", true),
                Arguments.of("a/#", "a", true),
                Arguments.of("a/#", "a/b", true),
                Arguments.of("a/#", "a/b/c/d", true),
                Arguments.of("a/>", "a/b/c", true),
                Arguments.of("a/>", "a", true),
                Arguments.of("a/#", "b/a", false),
                Arguments.of("a/#", "ab", false),
                Arguments.of("a/b/#", "a/b", true),
                Arguments.of("a/b/#", "a/c", false),
                Arguments.of("a/+/#", "a/b", true),
                Arguments.of("a/+/#", "a/b/c/d", true),
                Arguments.of("a/+/#", "a", false),
                Arguments.of("+/#", "a", true),
                Arguments.of("+/+/c", "a/b/c", true),
                Arguments.of("sensor/+/temperature", "sensor/kitchen/temperature", true),
                Arguments.of("sensor/+/temperature", "sensor/kitchen/humidity", false),
                Arguments.of("sensor/#", "sensor/kitchen/temperature", true),
                Arguments.of("#", "$SYS/stats", false),
                Arguments.of("+/stats", "$SYS/stats", false),
                Arguments.of("$SYS/#", "$SYS/stats", true),
                Arguments.of("$SYS/+", "$SYS/stats", true),
                Arguments.of("a/#", "a/$x", true),
                Arguments.of("caf\u00e9/+", "caf\u00e9/cr\u00e8me", true),
                Arguments.of("A", "a", false),
                Arguments.of("a b/c", "a b/c", true));
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @MethodSource("table")
    void filterMatchesTopicAsTheRulesSay(String filter, String topic, boolean expected) {
        TopicFilter.checkTopic(topic);
        assertThat(TopicFilter.parse(filter).matches(topic)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "invalid filter {0}")
    @CsvSource(delimiter = '|', value = {
            "''                | empty",
            "/a                | level 1 is empty",
            "a/                | level 2 is empty",
            "a//b              | level 2 is empty",
            "a/#/b             | must be the last level",
            "a/>/b             | must be the last level",
            "a+/b              | mixes the wildcard '+'",
            "a/b#              | mixes the wildcard '#'",
            "a/*x              | mixes the wildcard '*'",
            "a/x>              | mixes the wildcard '>'"})
    void invalidFiltersAreRejectedWithTheReason(String filter, String reason) {
        assertThatThrownBy(() -> TopicFilter.parse(filter))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "invalid topic {0}")
    @CsvSource(delimiter = '|', value = {
            "a/+/c  | contains the wildcard character '+'",
            "a/#    | contains the wildcard character '#'",
            "a/*    | contains the wildcard character '*'",
            "a/>    | contains the wildcard character '>'",
            "a/b+   | contains the wildcard character '+'",
            "a//b   | level 2 is empty"})
    void invalidTopicsAreRejectedWithTheReason(String topic, String reason) {
        assertThatThrownBy(() -> TopicFilter.checkTopic(topic))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void controlCharactersAreRejectedWithTheirCodePoint() {
        assertThatThrownBy(() -> TopicFilter.checkTopic("a/b\nc"))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("U+000A")
                .hasMessageContaining("index 3");
        assertThatThrownBy(() -> TopicFilter.parse("a/\u0085"))
                .hasMessageContaining("U+0085");
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        assertThatThrownBy(() -> TopicFilter.checkTopic("a/\ud800"))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void overLongTopicIsRejectedNamingLengthLimitAndSetting() {
        String topic = "a".repeat(1025);
        assertThatThrownBy(() -> TopicFilter.checkTopic(topic))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("1025 UTF-8 bytes")
                .hasMessageContaining("limit is 1024")
                .hasMessageContaining(TopicRules.MAX_BYTES_SETTING);
        TopicFilter.checkTopic("a".repeat(1024));
    }

    @Test
    void multiByteCharactersCountAsUtf8Bytes() {
        TopicRules rules = new TopicRules(5, 32);
        TopicFilter.checkTopic("\u00e9\u00e9", rules);
        assertThatThrownBy(() -> TopicFilter.checkTopic("\u00e9\u00e9\u00e9", rules)).hasMessageContaining("6 UTF-8 bytes");
    }

    @Test
    void tooManyLevelsAreRejectedNamingTheSetting() {
        TopicRules rules = new TopicRules(1024, 3);
        TopicFilter.checkTopic("a/b/c", rules);
        assertThatThrownBy(() -> TopicFilter.parse("a/b/c/d", rules))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("more than 3 levels")
                .hasMessageContaining(TopicRules.MAX_LEVELS_SETTING);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({
            "a/b, a/b, true",
            "a/b, a/c, false",
            "a/+, a/b, true",
            "a/+, +/b, true",
            "a/#, a, true",
            "a/#, b/#, false",
            "a/+/c, a/#, true",
            "a/+, a/b/c, false",
            "+, a/b, false",
            "#, $SYS/x, false",
            "$SYS/#, $SYS/x, true",
            "sensor/+/temperature, sensor/#, true"})
    void filtersOverlapWhenSomeTopicMatchesBoth(String a, String b, boolean expected) {
        assertThat(TopicFilter.parse(a).intersects(TopicFilter.parse(b))).isEqualTo(expected);
        assertThat(TopicFilter.parse(b).intersects(TopicFilter.parse(a))).isEqualTo(expected);
    }

    @Test
    void brokerEnforcesConfiguredTopicLimits() {
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder()
                .property(TopicRules.MAX_BYTES_SETTING, "8").property(TopicRules.MAX_LEVELS_SETTING, "2"))) {
            broker.publish("abc/def", "x").join();
            assertThatThrownBy(() -> broker.publish("abcd/efgh", "x")).hasMessageContaining("limit is 8");
            assertThatThrownBy(() -> broker.subscribe("a/b/c", String.class, m -> { })).hasMessageContaining("more than 2 levels");
        }
    }
}
