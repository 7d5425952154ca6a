package io.rocketconnect.api.config;

import java.util.List;

/**
 * One key of a configuration, as the connector's metatype defines it and its validation applies it.
 *
 * @param key          the property name, e.g. {@code consumeThreadMax}
 * @param name         a label for forms
 * @param description  what it does, for forms and help
 * @param type         {@code String}, {@code Integer}, {@code Double}, {@code Boolean} or {@code Password}
 * @param defaultValue the default as text, or null (none, or one computed from other keys: see the description)
 * @param min          the smallest number allowed, or null
 * @param max          the largest number allowed, or null
 * @param options      the values allowed, or empty for any
 * @param required     whether a configuration must set it
 */
public record KeyDefinition(String key, String name, String description, String type, String defaultValue, String min,
        String max, List<String> options, boolean required) {

    public KeyDefinition {
        options = List.copyOf(options);
    }

    /** True for a secret: never shown, logged or put in service properties. */
    public boolean secret() {
        return "Password".equals(type) || key.startsWith(".");
    }
}
