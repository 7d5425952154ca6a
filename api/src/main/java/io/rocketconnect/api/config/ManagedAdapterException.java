package io.rocketconnect.api.config;

/** A change or deletion refused because the adapter is managed by its app's deployment. */
public class ManagedAdapterException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String adapterId;
    private final String appId;

    public ManagedAdapterException(String adapterId, String appId, String action, String whereToChange) {
        super("Adapter '" + adapterId + "' is managed" + (appId == null ? "" : " by app '" + appId + "'") + " and cannot be "
                + action + " here; change it where " + (appId == null ? "it" : "that app") + " is deployed"
                + (whereToChange == null ? "" : " (" + whereToChange + ")"));
        this.adapterId = adapterId;
        this.appId = appId;
    }

    public String adapterId() {
        return adapterId;
    }

    /** The app that manages the adapter, or null if it names none. */
    public String appId() {
        return appId;
    }
}
