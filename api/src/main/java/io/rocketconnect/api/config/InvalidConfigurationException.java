package io.rocketconnect.api.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration the connector refuses. Each {@link Problem} names a key, the value (never a
 * secret's) and what is allowed; the message joins them with {@code " | "}.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidConfigurationException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining(" | ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order of the keys. */
    public List<Problem> problems() {
        return problems;
    }

    /** The key of the first problem. */
    public String key() {
        return problems.get(0).key();
    }

    /** One refused key: {@code message} names it, the value and what is allowed. */
    public record Problem(String key, String message) {
    }
}
