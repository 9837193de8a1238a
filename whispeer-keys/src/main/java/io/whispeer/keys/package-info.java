/**
 * Key rings: {@link io.whispeer.keys.KeyRings} builds them, {@link io.whispeer.keys.KeyFiles} stores keys.
 * Pass a ring to {@code Whispeer.builder().encryption(name, ring)}.
 */
package io.whispeer.keys;
