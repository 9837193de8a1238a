/**
 * The remote client: {@link io.whispeer.client.RemoteClientProvider} connects to a whispeer server and returns a
 * {@link io.whispeer.api.RemotePubSub} whose typed layer (codecs, compression, sealing, opening) runs in this
 * process, over one protocol connection that reconnects by itself.
 *
 * <h2>Threads</h2>
 * The transport's I/O thread only decodes frames, offers envelopes to the local subscription queues (pausing reads
 * when a BLOCK queue is full) and hands everything else on: publish futures complete and state listeners run on the
 * client's own threads, never on the I/O thread, so application callbacks cannot stall the connection.
 *
 * <h2>Settings</h2>
 * Given through {@code ClientOptions.builder().property(...)} or {@code -D}; an unknown key under
 * {@code whispeer.client.} is an error naming the closest known one.
 * <table>
 *   <caption>Client settings</caption>
 *   <tr><th>key</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@code whispeer.client.connect-timeout}</td><td>10s</td><td>how long {@code Whispeer.connect} waits for CONNACK</td></tr>
 *   <tr><td>{@code whispeer.client.request-timeout}</td><td>10s</td><td>how long a SUBSCRIBE or UNSUBSCRIBE waits for its answer</td></tr>
 *   <tr><td>{@code whispeer.client.reconnect.initial-delay}</td><td>100ms</td><td>first backoff after a lost connection</td></tr>
 *   <tr><td>{@code whispeer.client.reconnect.max-delay}</td><td>5s</td><td>the backoff doubles up to this; each delay is jittered between half and all of it</td></tr>
 *   <tr><td>{@code whispeer.client.reconnect.max-attempts}</td><td>-1 (forever)</td><td>attempts before the client gives up and closes</td></tr>
 *   <tr><td>{@code whispeer.client.publish-buffer.max-messages}</td><td>8192</td><td>publishes kept while disconnected; past it a publish fails at once</td></tr>
 *   <tr><td>{@code whispeer.client.drain-timeout}</td><td>30s</td><td>bound of {@code drain()}</td></tr>
 *   <tr><td>{@code whispeer.client.keep-alive}</td><td>0 (the server's)</td><td>keep-alive interval proposed in CONNECT</td></tr>
 * </table>
 * TLS trust and frame limits are transport settings ({@code whispeer.transport.tcp.tls.trust},
 * {@code whispeer.transport.max-frame-bytes}, ...), given the same way.
 */
package io.whispeer.client;
