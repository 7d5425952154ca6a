package io.rocketconnect.process;

/**
 * The producer task could not send. {@link #reason()} tells a modelling or configuration mistake
 * (fix the process or the adapter) from a send that failed at run time (model a path for it).
 */
public class ProducerTaskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the task did not send. */
    public enum Reason {
        /** A parameter is missing or has a bad value, or an expression names no variable. */
        BAD_PARAMETER,
        /** No adapter has the configured id. */
        NO_ADAPTER,
        /** The adapter tried to send and failed: broker down, no route to the topic, ACL refused... */
        SEND_FAILED
    }

    private final Reason reason;

    public ProducerTaskException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
