/**
 * The envelope router: it routes sealed envelopes to subscription queues and holds no codec, engine or key.
 *
 * <h2>Who calls whom</h2>
 * <pre>
 *  publisher ──► {@link io.whispeer.core.router.EnvelopeRouter#publish}
 *                  route cache / {@link io.whispeer.core.router.SubscriptionIndex} trie ─► matching queues
 *                  {@link io.whispeer.core.router.PluginChain}: authorizePublish, onPublish
 *                  {@link io.whispeer.api.spi.MessageStore#append} (when a store is configured), then
 *                  {@link io.whispeer.core.router.SubscriptionQueue#offer} per queue (the same envelope object)
 *  queue ──available()──► {@link io.whispeer.core.router.QueueConsumer}
 *                  {@link io.whispeer.core.router.PushDispatcher} ─► {@link io.whispeer.core.router.Sink} (typed handler,
 *                  Flow subscriber, envelope handler; later a protocol session), or a blocking stream
 *  queue ──{@link io.whispeer.core.router.QueueOwner}──► router: counters, plugins (onDeliver, onDrop, onReject),
 *                  detach from routing, the end of the subscription
 * </pre>
 * The typed layer ({@code io.whispeer.core}) is one user of this package: it creates queues with
 * {@link io.whispeer.core.router.EnvelopeRouter#newQueue}, plugs in its sinks and consumers, and
 * {@link io.whispeer.core.router.EnvelopeRouter#attach attaches} them. The server (a router with protocol
 * sessions) will be another: a session's subscriptions are queues whose consumer writes DELIVER frames.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@code publish} runs on the publisher's thread. In-process publishers may park on a full BLOCK queue
 *       ({@code park = true}); callers that must never block, such as I/O event loops, pass {@code park = false}
 *       and get a future that completes once every full queue took the message (room callbacks,
 *       {@link io.whispeer.core.router.SubscriptionQueue#awaitRoom}), timed out or closed; they pause reading
 *       meanwhile.</li>
 *   <li>Offers and polls are lock-free; the queue's lock is taken only by publishers waiting for room and by
 *       the consumer waking them.</li>
 *   <li>A {@link io.whispeer.core.router.PushDispatcher} runs one drain task at a time per queue on its executor
 *       (a virtual thread per burst by default), so every call into a sink is serialized and in order.</li>
 *   <li>Plugin hooks run on the thread of the event and must not block. Plugins reach nothing but envelopes,
 *       detached subscription and client values, and statistics computed from queue
 *       {@link io.whispeer.core.router.SubscriptionQueue.Meter meters}: no path leads to a consumer, a sink or a
 *       key.</li>
 * </ul>
 *
 * <p>This package is internal to whispeer: it is not exported, and will be exported only to whispeer's own server
 * and client modules.
 */
package io.whispeer.core.router;
