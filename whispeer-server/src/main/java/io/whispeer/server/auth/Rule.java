package io.whispeer.server.auth;

import io.whispeer.api.TopicFilter;

/**
 * One {@code allow} or {@code deny} line of the auth file, for one action.
 *
 * @param line      the 1-based line number
 * @param allow     {@code true} for allow, {@code false} for deny
 * @param principal a principal name, {@link AuthFile#ANY_AUTHENTICATED} or {@link AuthFile#ANONYMOUS}
 * @param action    the action
 * @param filter    the topic filter
 */
record Rule(int line, boolean allow, String principal, Action action, TopicFilter filter) {
    /** {@return the rule as it would be written in the file} */
    String text() {
        return (allow ? "allow " : "deny ") + principal + " " + action.word() + " " + filter.text();
    }
}
