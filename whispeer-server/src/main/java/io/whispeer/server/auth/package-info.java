/**
 * Authentication and ACLs of the whispeer server: the {@link io.whispeer.server.auth.Authenticator} decides who a
 * connecting client is, the {@code acl} plugin ({@link io.whispeer.server.auth.AclPluginProvider}) decides what it
 * may publish and subscribe, and {@link io.whispeer.server.auth.PasswordHasher} and
 * {@link io.whispeer.server.auth.IssuedToken} produce the hashes the file stores.
 *
 * <h2>The auth file</h2>
 * Named by {@code whispeer.server.auth.file}; UTF-8, one directive per line, words separated by spaces or tabs.
 * Blank lines and lines whose first non-blank character is {@code #} are ignored; comments must be on their own line
 * (a {@code #} later in a line is a topic wildcard). On POSIX systems the file must be readable by its owner only
 * ({@code chmod 600}), owned by the user running the server, and in a directory others cannot write.
 * <pre>
 * # users: name and Argon2id hash (whispeer hash-password)
 * user  alice  $argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$...
 * # tokens: principal, token id, Argon2id hash of the whole token wpt_&lt;tokenId&gt;_&lt;secret&gt;
 * token ci-bot k2x7q4mfa3bv5z6d $argon2id$v=19$m=19456,t=2,p=1$...$...
 * # rules: allow|deny  principal  action(s)  topic filter
 * allow alice     publish           sensors/#
 * allow alice     subscribe         sensors/#
 * deny  alice     subscribe         sensors/secret/#
 * allow ci-bot    publish,subscribe ci/+/status
 * allow *         subscribe         public/#
 * allow anonymous subscribe         public/#
 * </pre>
 * <ul>
 *   <li>{@code user <name> <hash>}: a username and password. {@code token <name> <tokenId> <hash>}: a bearer token
 *       of principal {@code name}; a principal may have a user line and any number of tokens. Names are 1 to 128 of
 *       {@code A-Z a-z 0-9 . _ @ -}, starting with a letter or digit; {@code *} and {@code anonymous} are reserved.
 *       Hashes are Argon2id PHC strings, verified with the parameters they carry.</li>
 *   <li>{@code allow|deny <principal> <actions> <filter>}: principal is a name, {@code *} (any authenticated client)
 *       or {@code anonymous} (a client that sent no credentials, when {@code whispeer.server.auth.anonymous=true});
 *       actions are {@code publish}, {@code subscribe} or {@code publish,subscribe}; the filter uses the topic syntax
 *       ({@code +}/{@code *} one level, {@code #}/{@code >} the rest).</li>
 *   <li>Deny wins; no grant means denied; a subscribe filter must be covered entirely by grants and must not reach
 *       any denied topic ({@code allow x subscribe a/+/c} permits {@code a/b/c} and {@code a/+/c}, not {@code a/#};
 *       {@code deny x subscribe a/secret/#} refuses {@code a/#}).</li>
 *   <li>The in-process application of an embedded broker is never restricted.</li>
 * </ul>
 * Errors name the file, the line and the fix, and stop the server from starting.
 */
package io.whispeer.server.auth;
