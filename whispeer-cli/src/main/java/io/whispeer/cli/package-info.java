/**
 * The {@code whispeer} command line. {@link io.whispeer.cli.Main} is the entry point; every subcommand is a picocli
 * command registered on the top-level {@code whispeer} command, so later commands ({@code inspect}, {@code replay},
 * ...) are one class and one line each.
 */
package io.whispeer.cli;
