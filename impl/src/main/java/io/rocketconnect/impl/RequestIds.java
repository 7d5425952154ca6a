package io.rocketconnect.impl;

import java.util.concurrent.ThreadLocalRandom;

import org.apache.rocketmq.common.message.Message;
import org.slf4j.MDC;

import io.rocketconnect.api.RocketmqAPI;

/**
 * The requestId of a call: the caller's, if its logging MDC has one, else a new one. It is in the MDC
 * while the call runs, travels on each message as a user property, and is put in the MDC again
 * while a listener handles the message.
 */
final class RequestIds {

    static final String KEY = RocketmqAPI.REQUEST_ID;

    private RequestIds() {
    }

    /** Enters a call: the id is in the MDC until {@link Scope#close()}. */
    static Scope enter() {
        String existing = MDC.get(KEY);
        if (existing != null) {
            return new Scope(existing, false);
        }
        String id = newId();
        MDC.put(KEY, id);
        return new Scope(id, true);
    }

    /** Enters the handling of a received message: its sender's id, if it carries one, is in the MDC. */
    static Scope enter(Message message) {
        String id = message.getUserProperty(KEY);
        if (id == null) {
            return enter();
        }
        String previous = MDC.get(KEY);
        MDC.put(KEY, id);
        return new Scope(id, true, previous);
    }

    /** Enters work done on another thread for a call whose id is {@code id}. */
    static Scope enter(String id) {
        String previous = MDC.get(KEY);
        MDC.put(KEY, id);
        return new Scope(id, true, previous);
    }

    /** Puts the current call's id on a message that has none yet. */
    static void stamp(Message message) {
        String id = MDC.get(KEY);
        if (id != null && message.getUserProperty(KEY) == null) {
            message.putUserProperty(KEY, id);
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * 128 random bits as 32 hex digits: unique enough, and no lock on a shared SecureRandom. Written
     * digit by digit: String.format cost about a microsecond a call, on every send and every message
     * a listener gets without an id (ComparisonBenchmark).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] digits = new byte[32];
        hex(random.nextLong(), digits, 0);
        hex(random.nextLong(), digits, 16);
        return new String(digits, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void hex(long bits, byte[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }

    static final class Scope implements AutoCloseable {

        private final String id;
        private final boolean owned;
        private final String previous;

        Scope(String id, boolean owned) {
            this(id, owned, null);
        }

        Scope(String id, boolean owned, String previous) {
            this.id = id;
            this.owned = owned;
            this.previous = previous;
        }

        String id() {
            return id;
        }

        @Override
        public void close() {
            if (!owned) {
                return;
            }
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        }
    }
}
