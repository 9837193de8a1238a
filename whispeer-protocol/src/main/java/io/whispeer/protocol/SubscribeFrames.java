package io.whispeer.protocol;

import java.time.Instant;
import java.util.Objects;

import io.whispeer.api.QoS;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;
import io.whispeer.protocol.v1.OverflowPolicy;
import io.whispeer.protocol.v1.Replay;
import io.whispeer.protocol.v1.Subscribe;

/**
 * The conversions between {@link SubscribeOptions} and SUBSCRIBE frames: the client writes what the application
 * asked for, the server reads it back into the options its subscription queue is made with. Only what the server
 * applies travels (queue capacity, overflow policy, QoS, replay, name); executors, handlers and in-flight limits
 * stay in the client.
 */
public final class SubscribeFrames {
    private SubscribeFrames() {
    }

    /**
     * A SUBSCRIBE frame.
     *
     * @param requestId      answered by SUBACK or ERROR with this id, not 0
     * @param subscriptionId the client's id for the subscription, not 0
     * @param filter         the topic filter
     * @param options        the application's options
     * @return the frame
     */
    public static Frame subscribe(long requestId, long subscriptionId, String filter, SubscribeOptions options) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
        Subscribe.Builder b = Subscribe.newBuilder().setRequestId(requestId).setSubscriptionId(subscriptionId).setFilter(filter)
                .setQueueCapacity(options.queueCapacity().orElse(0))
                .setOverflowPolicy(switch (options.overflowPolicy()) {
                    case BLOCK -> OverflowPolicy.OVERFLOW_POLICY_BLOCK;
                    case DROP_OLDEST -> OverflowPolicy.OVERFLOW_POLICY_DROP_OLDEST;
                    case DROP_NEWEST -> OverflowPolicy.OVERFLOW_POLICY_DROP_NEWEST;
                    case FAIL -> OverflowPolicy.OVERFLOW_POLICY_FAIL;
                })
                .setQos(switch (options.qos()) {
                    case AT_MOST_ONCE -> io.whispeer.protocol.v1.QoS.QOS_AT_MOST_ONCE;
                    case AT_LEAST_ONCE -> io.whispeer.protocol.v1.QoS.QOS_AT_LEAST_ONCE;
                    case EXACTLY_ONCE -> io.whispeer.protocol.v1.QoS.QOS_EXACTLY_ONCE;
                });
        options.name().ifPresent(b::setName);
        options.replay().ifPresent(r -> b.setReplay(switch (r) {
            case io.whispeer.api.Replay.FromSequence s -> Replay.newBuilder().setFromSequence(s.sequence());
            case io.whispeer.api.Replay.FromTime t -> Replay.newBuilder().setFromTimeMillis(t.time().toEpochMilli());
            case io.whispeer.api.Replay.LastN n -> Replay.newBuilder().setLastN(n.count());
            case io.whispeer.api.Replay.LastValue v -> Replay.newBuilder().setLastValue(true);
        }));
        return Frame.newBuilder().setSubscribe(b).build();
    }

    /**
     * The options a SUBSCRIBE asks for; what it leaves unset keeps the server's defaults.
     *
     * @param subscribe the frame's SUBSCRIBE
     * @return the options
     * @throws ProtocolException when a field holds a value this version does not know or a value out of range
     */
    public static SubscribeOptions toOptions(Subscribe subscribe) {
        SubscribeOptions.Builder b = SubscribeOptions.builder();
        try {
            if (subscribe.getQueueCapacity() != 0) {
                b.queueCapacity(subscribe.getQueueCapacity());
            }
            switch (subscribe.getOverflowPolicy()) {
                case OVERFLOW_POLICY_UNSPECIFIED -> { }
                case OVERFLOW_POLICY_BLOCK -> b.overflowPolicy(io.whispeer.api.OverflowPolicy.BLOCK);
                case OVERFLOW_POLICY_DROP_OLDEST -> b.overflowPolicy(io.whispeer.api.OverflowPolicy.DROP_OLDEST);
                case OVERFLOW_POLICY_DROP_NEWEST -> b.overflowPolicy(io.whispeer.api.OverflowPolicy.DROP_NEWEST);
                case OVERFLOW_POLICY_FAIL -> b.overflowPolicy(io.whispeer.api.OverflowPolicy.FAIL);
                default -> throw malformed("overflow policy " + subscribe.getOverflowPolicyValue());
            }
            switch (subscribe.getQos()) {
                case QOS_UNSPECIFIED, QOS_AT_MOST_ONCE -> b.qos(QoS.AT_MOST_ONCE);
                case QOS_AT_LEAST_ONCE -> b.qos(QoS.AT_LEAST_ONCE);
                case QOS_EXACTLY_ONCE -> b.qos(QoS.EXACTLY_ONCE);
                default -> throw malformed("QoS " + subscribe.getQosValue());
            }
            if (!subscribe.getName().isEmpty()) {
                b.name(subscribe.getName());
            }
            if (subscribe.hasReplay()) {
                Replay r = subscribe.getReplay();
                b.replay(switch (r.getStartCase()) {
                    case FROM_SEQUENCE -> io.whispeer.api.Replay.fromSequence(r.getFromSequence());
                    case FROM_TIME_MILLIS -> io.whispeer.api.Replay.fromTime(Instant.ofEpochMilli(r.getFromTimeMillis()));
                    case LAST_N -> io.whispeer.api.Replay.lastN(r.getLastN());
                    case LAST_VALUE -> io.whispeer.api.Replay.lastValue();
                    case START_NOT_SET -> throw malformed("replay without a start");
                });
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "SUBSCRIBE to '" + subscribe.getFilter() + "' asks for "
                    + e.getMessage(), e);
        }
    }

    private static ProtocolException malformed(String what) {
        return new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED_FRAME, "an unknown " + what + "; this server speaks protocol version "
                + Frames.PROTOCOL_VERSION);
    }
}
