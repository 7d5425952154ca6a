package io.rocketconnect.impl.call;

import org.apache.rocketmq.common.message.Message;
import org.slf4j.MDC;

import io.rocketconnect.api.RequestIds;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.impl.telemetry.TraceIds;

/**
 * The requestId of the call under way on this thread, in the logging MDC: the caller's, if its MDC has
 * one, else a new one ({@link RequestIds#newId()}). It travels on each message as a user property and
 * is put in the MDC again while a listener handles the message. Closing the scope puts back what the
 * MDC held before.
 */
public final class RequestIdScope implements AutoCloseable {

    public static final String KEY = RocketmqAPI.REQUEST_ID;

    private final String id;
    private final boolean owned;
    private final String previous;

    private RequestIdScope(String id, boolean owned, String previous) {
        this.id = id;
        this.owned = owned;
        this.previous = previous;
    }

    /** Enters a call: the caller's id, or a new one that is in the MDC until {@link #close()}. */
    public static RequestIdScope enter() {
        String existing = MDC.get(KEY);
        if (existing != null) {
            return new RequestIdScope(existing, false, null);
        }
        String id = RequestIds.newId();
        MDC.put(KEY, id);
        return new RequestIdScope(id, true, null);
    }

    /**
     * Enters the handling of a received message: its sender's id, if it carries one, else the trace id of
     * the span the listener runs in, else a new one.
     */
    public static RequestIdScope enter(Message message) {
        String id = message.getUserProperty(KEY);
        if (id == null) {
            id = TraceIds.current();
        }
        return id == null ? enter() : enter(id);
    }

    /** Enters work done on another thread for a call whose id is {@code id}. */
    public static RequestIdScope enter(String id) {
        String previous = MDC.get(KEY);
        MDC.put(KEY, id);
        return new RequestIdScope(id, true, previous);
    }

    /** Puts the current call's id on a message that has none yet. */
    public static void stamp(Message message) {
        String id = MDC.get(KEY);
        if (id != null && message.getUserProperty(KEY) == null) {
            message.putUserProperty(KEY, id);
        }
    }

    public String id() {
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
