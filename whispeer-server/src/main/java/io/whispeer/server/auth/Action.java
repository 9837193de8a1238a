package io.whispeer.server.auth;

import java.util.Locale;

/** What an ACL rule grants or denies. */
enum Action {
    PUBLISH,
    SUBSCRIBE;

    /** {@return the word used in the auth file} */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
