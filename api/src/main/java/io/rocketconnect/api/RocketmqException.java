package io.rocketconnect.api;

/**
 * A RocketMQ call made through an adapter failed with a checked exception (kept as the cause), or a
 * client of the adapter could not start.
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
