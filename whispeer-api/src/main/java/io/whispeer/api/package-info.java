/**
 * The user-facing whispeer API: {@link io.whispeer.api.Whispeer} builds a {@link io.whispeer.api.Broker},
 * which publishes typed values to topics and delivers them to subscriptions as {@link io.whispeer.api.Message}s.
 *
 * <p>Unless a type says otherwise, methods reject {@code null} arguments with a {@link NullPointerException}
 * and never return {@code null}; absent values are {@link java.util.Optional}.
 */
package io.whispeer.api;
