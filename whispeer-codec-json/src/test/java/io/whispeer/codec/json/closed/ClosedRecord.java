package io.whispeer.codec.json.closed;

/**
 * A payload in a package that the tests do not open to Jackson, as an application might forget to.
 *
 * @param name a name
 */
public record ClosedRecord(String name) {
}
