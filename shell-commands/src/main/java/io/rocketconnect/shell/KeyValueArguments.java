package io.rocketconnect.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code key=value} arguments in the order given. A malformed argument is named by its position
 * only: it may be a secret the user meant to give as {@code .secretKey=...}.
 */
final class KeyValueArguments {

    private KeyValueArguments() {
    }

    /** The pairs; an empty value stays empty (to a configuration change it means "remove the key"). */
    static Map<String, String> parse(List<String> arguments) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (arguments == null) {
            return pairs;
        }
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            int equals = argument.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("key=value argument " + (i + 1) + " is not key=value (its text is not shown, "
                        + "in case it is a secret)");
            }
            pairs.put(argument.substring(0, equals).trim(), argument.substring(equals + 1).trim());
        }
        return pairs;
    }
}
