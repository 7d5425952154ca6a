package io.rocketconnect.impl.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.api.config.InvalidConfigurationException.Problem;

/** The problems found while reading one configuration, each naming its key, the value and what is allowed. */
public final class Problems {

    private final List<Problem> found = new ArrayList<>();

    /** {@code key=value is not allowed; expected allowed}, or {@code key is missing; ...} for a null value. */
    public static Problem of(String key, Object value, String allowed) {
        return new Problem(key, key + (value == null ? " is missing" : "=" + display(value) + " is not allowed") + "; expected " + allowed);
    }

    /** The value as written: an array (typed configurations have them) as its elements, not its identity. */
    static String display(Object value) {
        if (!value.getClass().isArray()) {
            return String.valueOf(value);
        }
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < Array.getLength(value); i++) {
            elements.add(Array.get(value, i));
        }
        return elements.toString();
    }

    /** Notes a problem; a key keeps the first problem found with it (a value read twice is not reported twice). */
    public void add(String key, Object value, String allowed) {
        if (!has(key)) {
            found.add(of(key, value, allowed));
        }
    }

    public boolean has(String key) {
        return found.stream().anyMatch(problem -> problem.key().equals(key));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** @throws InvalidConfigurationException if anything was found */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidConfigurationException(found);
        }
    }
}
