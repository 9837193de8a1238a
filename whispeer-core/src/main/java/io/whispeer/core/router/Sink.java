package io.whispeer.core.router;

import io.whispeer.api.Envelope;
import io.whispeer.api.WhispeerException;

/**
 * How a {@link PushDispatcher} hands a message to its destination: a typed handler (open, decode, call), an async
 * handler, a {@code Flow.Subscriber}, an envelope handler, or a network connection. The dispatcher calls every
 * method from its drain task, one call at a time, so a sink needs no locking for the calls themselves; only
 * completions of {@link #PENDING} deliveries arrive on other threads.
 */
public interface Sink {
    /** {@link #deliver} handled the message synchronously. */
    int DELIVERED = 0;
    /** {@link #deliver} skipped the message because it was handled before (EXACTLY_ONCE de-duplication). */
    int DUPLICATE = 1;
    /** {@link #deliver} started handling the message and will report the outcome to the {@link Completion}. */
    int PENDING = 2;

    /** {@return whether the sink can take another message now (Flow demand, async in-flight limit)} */
    boolean ready();

    /**
     * Hands one message over.
     *
     * @param envelope      the envelope
     * @param sequence      its store sequence, 0 without a store
     * @param deliveryCount 1 on the first delivery, more on redelivery
     * @param completion    to report the outcome of a {@link #PENDING} delivery, exactly once, from any thread
     * @return {@link #DELIVERED}, {@link #DUPLICATE} or {@link #PENDING}
     * @throws Rejected  when the message cannot be opened or decoded: counted as rejected, never redelivered
     * @throws Exception any failure of the handler: counted, reported, and redelivered under AT_LEAST_ONCE
     */
    int deliver(Envelope envelope, long sequence, int deliveryCount, Completion completion) throws Exception;

    /**
     * The subscription ended; called once, after the last {@link #deliver} and after every pending delivery
     * completed.
     *
     * @param reason why, or {@code null} for an orderly end
     */
    void end(Throwable reason);

    /** Receives the outcome of a {@link #PENDING} delivery. */
    @FunctionalInterface
    interface Completion {
        /**
         * Reports an outcome. Thread-safe; must be called exactly once per pending delivery.
         *
         * @param envelope      the envelope that was delivered
         * @param sequence      its store sequence
         * @param deliveryCount its delivery count
         * @param failure       the handler's failure, or {@code null} when it succeeded
         */
        void complete(Envelope envelope, long sequence, int deliveryCount, Throwable failure);
    }

    /**
     * Thrown by {@link #deliver} when the message could not be opened or decoded (tampered, unknown key or codec,
     * wrong type). Carries the cause; has no stack trace of its own.
     */
    final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Wraps a failure to open or decode.
         *
         * @param cause the failure; its message carries no plaintext or key material
         */
        public Rejected(WhispeerException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized WhispeerException getCause() {
            return (WhispeerException) super.getCause();
        }
    }
}
