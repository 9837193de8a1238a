/** Runnable examples of the whispeer API. */
package io.whispeer.examples;
