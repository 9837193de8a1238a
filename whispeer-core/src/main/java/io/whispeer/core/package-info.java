/**
 * The embedded broker: the typed layer over a local envelope router, and the discovery of codecs, engines,
 * plugins and stores. The only public type applications meet is {@link io.whispeer.core.CoreBrokerProvider}, which
 * {@link java.util.ServiceLoader} instantiates; use {@link io.whispeer.api.Whispeer#builder()} rather than this
 * package.
 *
 * <h2>The typed layer</h2>
 * <pre>
 *  application ──publish(topic, T)──► {@link io.whispeer.core.TypedLayer}
 *      topic policy (type, codec, compression, limits) ─► Codec.encode ─► {@link io.whispeer.core.Pipeline#seal}
 *      (compress, pad, seal with a key bound once per key) ─► Envelope ─► {@link io.whispeer.core.Upstream#publish}
 *  application ──subscribe / subscribeAsync / publisher / stream──► TypedLayer
 *      Upstream.newQueue ─► a sink ({@link io.whispeer.core.HandlerSink}, {@link io.whispeer.core.FlowSink}) in a
 *      PushDispatcher, or a {@link io.whispeer.core.StreamConsumer} ─► Upstream.attach
 *  delivery ──► TypedLayer.open: Pipeline.open (once per envelope, shared by the subscriptions that receive it:
 *      {@link io.whispeer.core.OpenedPayloads}) ─► Codec.decode ─► Message ─► handler
 * </pre>
 * The {@link io.whispeer.core.Upstream} of the embedded broker is its own router ({@link io.whispeer.core.LocalUpstream});
 * a remote client's will be a protocol connection, with the same typed layer above it. {@link io.whispeer.core.CoreBroker}
 * builds both layers from the configuration, gives the router its plugins and store, and closes them in order:
 * the router drains the queues, the broker stops its executor, the router closes the plugins, the broker the store
 * and the engines.
 *
 * <h2>Threads</h2>
 * Sealing, encoding and compressing run on the publisher's thread, once per publish. Opening and decoding run on
 * the subscription's drain task (or the reader's thread for a stream). Handlers run on a virtual thread per burst
 * of messages, or on the executor given in the options or the builder. Keys live here and in the engines, never in
 * the router: plugins cannot reach this layer.
 */
package io.whispeer.core;
