/**
 * The TCP transport, {@link io.whispeer.transport.tcp.TcpTransportProvider}: found through
 * {@link java.util.ServiceLoader}, so applications use it through the {@link io.whispeer.api.spi.Transport} SPI and
 * never name these classes.
 */
package io.whispeer.transport.tcp;
