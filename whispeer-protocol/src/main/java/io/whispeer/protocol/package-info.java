/**
 * Frame encoding and decoding ({@link io.whispeer.protocol.Frames}), its limits
 * ({@link io.whispeer.protocol.FrameLimits}), the one exception for bad input
 * ({@link io.whispeer.protocol.ProtocolException}), version negotiation
 * ({@link io.whispeer.protocol.VersionNegotiation}) and envelope conversions
 * ({@link io.whispeer.protocol.EnvelopeFrames}).
 */
package io.whispeer.protocol;
