/**
 * The embedded broker. The only public type is {@link io.whispeer.core.CoreBrokerProvider}, which
 * {@link java.util.ServiceLoader} instantiates; everything else is package-private. Use
 * {@link io.whispeer.api.Whispeer#builder()} rather than this package.
 */
package io.whispeer.core;
