package io.rocketconnect.api;

/**
 * A RocketMQ call made through an adapter failed, or a client of the adapter could not start. The
 * client's exception is the cause: a checked one, or one it throws unchecked for a failure on the wire
 * (an unreachable NameServer). The message names the adapter, the call and its requestId.
 */
public class RocketmqException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String adapterId;

    public RocketmqException(String adapterId, String message, Throwable cause) {
        super("Adapter '" + adapterId + "': " + message, cause);
        this.adapterId = adapterId;
    }

    public String adapterId() {
        return adapterId;
    }
}
