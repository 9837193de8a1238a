package io.whispeer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.whispeer.api.Broker;
import io.whispeer.api.Whispeer;
import io.whispeer.protocol.EnvelopeFrames;
import io.whispeer.protocol.v1.Frame;

/**
 * The JDK's own WebSocket client, not whispeer's transport, speaks to the WS listener with frames written byte by
 * byte from the documented schema ({@code whispeer/v1/frames.proto}): one frame per binary message.
 */
class JdkWebSocketProtocolTest {
    /** Frame{connect(1): Connect{versions(1): [1]}}: tag 1 length-delimited, 3 bytes; then the packed versions field. */
    private static final byte[] CONNECT_V1 = {0x0a, 0x03, 0x0a, 0x01, 0x01};
    /** Frame{ping(11): Ping{nonce(1): 7}}: field 11 length-delimited is tag 0x5a. */
    private static final byte[] PING_7 = {0x5a, 0x02, 0x08, 0x07};
    /** Frame{pong(12): Pong{nonce(1): 7}}: field 12 length-delimited is tag 0x62. */
    private static final byte[] PONG_7 = {0x62, 0x02, 0x08, 0x07};
    /** Frame{subscribe(5): Subscribe{request_id(1): 1, subscription_id(2): 9, filter(3): "a/b"}}. */
    private static final byte[] SUBSCRIBE_A_B = {0x2a, 0x09, 0x08, 0x01, 0x10, 0x09, 0x1a, 0x03, 'a', '/', 'b'};

    @Test
    void theJdkWebSocketClientExchangesHandWrittenFrames() throws Exception {
        try (Broker broker = Whispeer.builder().property("whispeer.server.auth.anonymous", "true").transport("ws://127.0.0.1:0/whispeer").build();
             HttpClient http = HttpClient.newHttpClient()) {
            LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(broker.endpoints().get(0), new WebSocket.Listener() {
                private final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();

                @Override
                public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                    byte[] part = new byte[data.remaining()];
                    data.get(part);
                    message.writeBytes(part);
                    if (last) {
                        received.add(message.toByteArray());
                        message.reset();
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);

            socket.sendBinary(ByteBuffer.wrap(CONNECT_V1), true).get(10, TimeUnit.SECONDS);
            Frame connack = Frame.parseFrom(next(received));
            assertThat(connack.getConnack().getVersion()).isEqualTo(1);

            socket.sendBinary(ByteBuffer.wrap(PING_7), true).get(10, TimeUnit.SECONDS);
            assertThat(next(received)).containsExactly(PONG_7);

            socket.sendBinary(ByteBuffer.wrap(SUBSCRIBE_A_B), true).get(10, TimeUnit.SECONDS);
            Frame suback = Frame.parseFrom(next(received));
            assertThat(suback.getSuback().getSubscriptionId()).isEqualTo(9);

            byte[] publish = EnvelopeFrames.publish(5, RawClient.envelope("a/b", "hello")).toByteArray();
            socket.sendBinary(ByteBuffer.wrap(publish), true).get(10, TimeUnit.SECONDS);
            Frame first = Frame.parseFrom(next(received));
            Frame second = Frame.parseFrom(next(received));
            Frame deliver = first.hasDeliver() ? first : second;
            assertThat(deliver.getDeliver().getSubscriptionId()).isEqualTo(9);
            assertThat(EnvelopeFrames.toEnvelope(deliver.getDeliver()).payloadBytes()).asString().isEqualTo("hello");
            assertThat((first.hasPuback() ? first : second).getPuback().getRequestId()).isEqualTo(5);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] next(LinkedBlockingQueue<byte[]> received) throws InterruptedException {
        byte[] message = received.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a binary message within 10 s").isNotNull();
        return message;
    }
}
