/**
 * The remote client: {@link io.whispeer.client.RemoteClientProvider} connects to a whispeer server and returns a
 * {@link io.whispeer.api.RemotePubSub} whose typed layer (codecs, compression, sealing, opening) runs in this
 * process, over one protocol connection that reconnects by itself.
 *
 * <h2>Threads</h2>
 * The transport's I/O thread only decodes frames, offers envelopes to the local subscription queues (pausing reads
 * when a BLOCK queue is full) and hands everything else on: publish futures complete and state listeners run on the
 * client's own threads, never on the I/O thread, so application callbacks cannot stall the connection.
 */
package io.whispeer.client;
