package io.rocketconnect.impl;

/** A configuration value that an adapter cannot start with. The message names key, value and rule. */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    InvalidSettingException(String key, Object value, String allowed) {
        super(key + (value == null ? " is missing" : "=" + value + " is not allowed") + "; expected " + allowed);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
