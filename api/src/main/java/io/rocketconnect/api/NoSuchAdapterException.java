package io.rocketconnect.api;

import java.util.Collection;

/** No adapter with the requested model id is up. */
public class NoSuchAdapterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String adapterId;

    public NoSuchAdapterException(String adapterId, Collection<String> knownIds) {
        super("No RocketMQ adapter with id '" + adapterId + "' is up; adapters up now: "
                + (knownIds.isEmpty() ? "none" : String.join(", ", knownIds)));
        this.adapterId = adapterId;
    }

    /** The id that was asked for. */
    public String adapterId() {
        return adapterId;
    }
}
