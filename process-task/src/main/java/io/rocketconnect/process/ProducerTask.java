package io.rocketconnect.process;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.rocketconnect.api.RequestIds;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.process.ProducerTaskException.Reason;

/**
 * One configured "RocketMQ Producer" step, with its parameters read and every {@code ${variable}}
 * replaced by the process variable of that name. Parameters (all text, as a process designer writes
 * them):
 * <ul>
 * <li>{@value #ADAPTER} (required): the adapter's model id;</li>
 * <li>{@value #TOPIC} (required), {@value #TAGS} (one tag), {@value #KEYS} (comma-separated);</li>
 * <li>{@value #BODY} (required): the message text, UTF-8;</li>
 * <li>{@value #PROPERTY_PREFIX}{@code <name>}: a user property of the message;</li>
 * <li>{@value #DELAY}: a whole number is a delay level (1..18 on default brokers), an ISO-8601
 * duration such as {@code PT30S} a delivery time that far ahead (RocketMQ 5 brokers);</li>
 * <li>{@value #MODE}: {@code sync} (default) waits for the broker and returns msgId and sendStatus;
 * {@code async} hands the message to the client and goes on, returning only the requestId;</li>
 * <li>{@value #RESULT_VARIABLE_PREFIX}: put before the result variables' names, so that two producer
 * steps of one process keep their results apart.</li>
 * </ul>
 * A bad or unknown parameter, or an expression naming a variable the process does not have, is a
 * {@link Reason#BAD_PARAMETER} naming it; nothing is sent then.
 */
public final class ProducerTask {

    public static final String ADAPTER = "adapter";
    public static final String TOPIC = "topic";
    public static final String TAGS = "tags";
    public static final String KEYS = "keys";
    public static final String BODY = "body";
    public static final String DELAY = "delay";
    public static final String MODE = "mode";
    public static final String RESULT_VARIABLE_PREFIX = "resultVariablePrefix";
    public static final String PROPERTY_PREFIX = "property.";

    /** Names of the result variables, after the prefix. */
    public static final String MSG_ID = "msgId";
    public static final String SEND_STATUS = "sendStatus";
    public static final String REQUEST_ID = "requestId";

    private static final Set<String> PARAMETERS = Set.of(ADAPTER, TOPIC, TAGS, KEYS, BODY, DELAY, MODE, RESULT_VARIABLE_PREFIX);
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Logger LOG = LoggerFactory.getLogger(ProducerTask.class);

    private final String adapterId;
    private final RocketmqMessage message;
    private final boolean async;
    private final String resultPrefix;

    private ProducerTask(String adapterId, RocketmqMessage message, boolean async, String resultPrefix) {
        this.adapterId = adapterId;
        this.message = message;
        this.async = async;
        this.resultPrefix = resultPrefix;
    }

    /**
     * Reads a task's parameters, resolving {@code ${name}} in each value from {@code variables}.
     *
     * @throws ProducerTaskException with {@link Reason#BAD_PARAMETER} naming the parameter at fault
     */
    public static ProducerTask from(Map<String, String> parameters, Map<String, ?> variables) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (!PARAMETERS.contains(name) && !(name.startsWith(PROPERTY_PREFIX) && name.length() > PROPERTY_PREFIX.length())) {
                throw bad("unknown parameter '" + name + "'; known: " + String.join(", ", sorted(PARAMETERS)) + ", "
                        + PROPERTY_PREFIX + "<name>");
            }
            values.put(name, resolve(name, parameter.getValue() == null ? "" : parameter.getValue(), variables));
        }
        String adapterId = required(values, ADAPTER);
        RocketmqMessage.Builder message = RocketmqMessage.to(required(values, TOPIC)).body(required(values, BODY));
        String tags = values.getOrDefault(TAGS, "").trim();
        if (!tags.isEmpty()) {
            message.tags(tags);
        }
        String keys = values.getOrDefault(KEYS, "").trim();
        if (!keys.isEmpty()) {
            List<String> list = new ArrayList<>();
            for (String key : keys.split(",")) {
                if (key.isBlank()) {
                    throw bad("keys: '" + keys + "' has an empty key; separate keys with single commas");
                }
                list.add(key.trim());
            }
            message.keys(list.toArray(String[]::new));
        }
        values.forEach((name, value) -> {
            if (name.startsWith(PROPERTY_PREFIX)) {
                message.property(name.substring(PROPERTY_PREFIX.length()), value);
            }
        });
        delay(values.getOrDefault(DELAY, "").trim(), message);
        String mode = values.getOrDefault(MODE, "sync").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("sync") && !mode.equals("async")) {
            throw bad("mode: '" + values.get(MODE) + "' is neither sync nor async");
        }
        try {
            return new ProducerTask(adapterId, message.build(), mode.equals("async"), values.getOrDefault(RESULT_VARIABLE_PREFIX, "").trim());
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    public String adapterId() {
        return adapterId;
    }

    public RocketmqMessage message() {
        return message;
    }

    public boolean async() {
        return async;
    }

    /**
     * Sends through {@code api}, the adapter this task names. The send runs under the caller's
     * requestId (logging MDC) if it has one, and under a new one otherwise.
     *
     * @throws ProducerTaskException {@link Reason#SEND_FAILED} if the send failed,
     *                               {@link Reason#BAD_PARAMETER} if the adapter refused the message
     */
    public ProducerResult send(RocketmqAPI api) {
        String callers = MDC.get(RocketmqAPI.REQUEST_ID);
        String requestId = callers != null ? callers : RequestIds.newId();
        if (callers == null) {
            MDC.put(RocketmqAPI.REQUEST_ID, requestId);
        }
        try {
            if (async) {
                api.sendAsync(message).whenComplete((result, failure) -> {
                    if (failure != null) {
                        LOG.warn("Async send of request {} to topic {} through adapter '{}' failed: {}", requestId, message.topic(),
                                adapterId, failure.getMessage());
                    }
                });
                return new ProducerResult(requestId, null, null);
            }
            SendReceipt result = api.send(message);
            return new ProducerResult(requestId, result.messageId(), result.status().name());
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        } catch (RuntimeException e) {
            throw new ProducerTaskException(Reason.SEND_FAILED, "Sending to topic " + message.topic() + " through adapter '"
                    + adapterId + "' failed (requestId " + requestId + "): " + e.getMessage(), e);
        } finally {
            if (callers == null) {
                MDC.remove(RocketmqAPI.REQUEST_ID);
            }
        }
    }

    /** The result as process variables, named with this task's prefix; an async send has only the requestId. */
    public Map<String, Object> resultVariables(ProducerResult result) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(resultPrefix + REQUEST_ID, result.requestId());
        if (result.msgId() != null) {
            variables.put(resultPrefix + MSG_ID, result.msgId());
            variables.put(resultPrefix + SEND_STATUS, result.sendStatus());
        }
        return variables;
    }

    /** Where a failed send's reason goes, when the engine keeps it in a variable. */
    public String errorVariable() {
        return resultPrefix + "error";
    }

    private static void delay(String delay, RocketmqMessage.Builder message) {
        if (delay.isEmpty()) {
            return;
        }
        if (delay.chars().allMatch(Character::isDigit)) {
            int level;
            try {
                level = Integer.parseInt(delay);
            } catch (NumberFormatException e) {
                throw bad("delay: '" + delay + "' is too large for a delay level");
            }
            if (level < 1) {
                throw bad("delay: level " + level + " is not a delay level; levels start at 1");
            }
            message.delayLevel(level);
            return;
        }
        Duration after;
        try {
            after = Duration.parse(delay);
        } catch (DateTimeParseException e) {
            throw bad("delay: '" + delay + "' is neither a delay level (1, 2, ...) nor an ISO-8601 duration (PT30S, PT5M)");
        }
        if (after.isNegative() || after.isZero()) {
            throw bad("delay: '" + delay + "' is not a positive duration");
        }
        message.deliverAt(Instant.now().plus(after));
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw bad(name + " is required" + (value == null ? "" : ", and it is empty"));
        }
        return name.equals(BODY) ? value : value.trim();
    }

    /** Replaces each {@code ${name}} in {@code text} with the variable's value. */
    static String resolve(String parameter, String text, Map<String, ?> variables) {
        Matcher expression = EXPRESSION.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (expression.find()) {
            String name = expression.group(1).trim();
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw bad(parameter + ": '" + expression.group() + "' is not a variable name; for an expression, "
                        + "let the engine evaluate the parameter (in Flowable, an expression field)");
            }
            Object value = variables.get(name);
            if (value == null) {
                throw bad(parameter + ": '" + expression.group() + "': the process has no variable '" + name + "'"
                        + (variables.containsKey(name) ? " with a value (it is null)" : ""));
            }
            expression.appendReplacement(resolved, Matcher.quoteReplacement(value.toString()));
        }
        expression.appendTail(resolved);
        return resolved.toString();
    }

    private static ProducerTaskException bad(String message) {
        return new ProducerTaskException(Reason.BAD_PARAMETER, message, null);
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }
}
