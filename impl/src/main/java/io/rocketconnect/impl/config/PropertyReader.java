package io.rocketconnect.impl.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rocketconnect.api.config.KeyDefinition;

/**
 * Reads raw configuration values, as ConfigAdmin and the service registry hand them over (text from
 * .cfg files, numbers and booleans from typed configurations), into typed ones. A value that cannot
 * be read is noted in {@link Problems} with its key, its value (never a secret's) and what is allowed,
 * and the default stands in for it, so that one reading finds every problem.
 */
public final class PropertyReader {

    private static final Pattern ENV_FORMULA =
            Pattern.compile("@env\\(([A-Za-z_][A-Za-z0-9_]*)\\)|\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, ?> properties;
    private final UnaryOperator<String> environment;
    private final Problems problems;

    /**
     * @param environment looks up environment variables for {@code @env(NAME)} and {@code ${env:NAME}};
     *                    null reads no formulas
     */
    public PropertyReader(Map<String, ?> properties, UnaryOperator<String> environment, Problems problems) {
        this.properties = properties;
        this.environment = environment;
        this.problems = problems;
    }

    /** Whether {@code raw} takes (part of) its value from the environment: {@code @env(NAME)} or {@code ${env:NAME}}. */
    public static boolean hasFormula(Object raw) {
        return raw != null && ENV_FORMULA.matcher(raw.toString()).find();
    }

    public Problems problems() {
        return problems;
    }

    /** The value as text, trimmed, with environment formulas resolved; null if absent or blank. */
    public String text(String key) {
        return text(key, false);
    }

    /** Like {@link #text}, but a problem never shows the value. */
    public String secret(String key) {
        return text(key, true);
    }

    /** Every key of {@code keys}, typed by its definition: key → value, or its default, or null. */
    public Map<String, Object> values(KeyDefinitions keys) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (KeyDefinition key : keys.all()) {
            values.put(key.key(), value(key));
        }
        return values;
    }

    private String text(String key, boolean secret) {
        Object raw = properties.get(key);
        if (raw == null) {
            return null;
        }
        String value = resolveEnvironment(key, Problems.display(raw), secret);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The value of {@code key} typed by its definition, or the definition's default (also after a problem). */
    public Object value(KeyDefinition key) {
        if (key.secret()) {
            return secret(key.key());
        }
        Object raw = properties.get(key.key());
        String text = text(key.key());
        if (text == null) {
            if (key.required() && key.defaultValue() == null && !problems.has(key.key())) {
                problems.add(key.key(), null, "a value (" + key.name() + ", required)");
            }
            return problems.has(key.key()) || key.defaultValue() == null ? null : parse(key, key.defaultValue(), null);
        }
        return parse(key, text, raw);
    }

    private Object parse(KeyDefinition key, String text, Object raw) {
        switch (key.type()) {
            case "Integer":
            case "Long":
                return integer(key, raw instanceof Number ? raw : text);
            case "Double":
            case "Float":
                return decimal(key, raw instanceof Number ? raw : text);
            case "Boolean":
                return bool(key, text);
            default:
                return option(key, text);
        }
    }

    private Integer integer(KeyDefinition key, Object value) {
        String allowed = "an integer in [" + key.min() + ", " + key.max() + "]";
        long number;
        try {
            number = value instanceof Number n ? exact(n) : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            problems.add(key.key(), value, allowed);
            return fallbackInteger(key);
        }
        if (number < bound(key.min(), Integer.MIN_VALUE) || number > bound(key.max(), Integer.MAX_VALUE)) {
            problems.add(key.key(), value, allowed);
            return fallbackInteger(key);
        }
        return (int) number;
    }

    private static long exact(Number number) {
        if (number.longValue() != number.doubleValue()) {
            throw new NumberFormatException("not a whole number: " + number);
        }
        return number.longValue();
    }

    private Double decimal(KeyDefinition key, Object value) {
        String allowed = "a number" + (key.min() == null ? "" : " of at least " + key.min())
                + (key.max() == null ? "" : (key.min() == null ? " of" : " and") + " at most " + key.max());
        double number;
        try {
            number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            problems.add(key.key(), value, allowed);
            return null;
        }
        if (Double.isNaN(number) || Double.isInfinite(number) || (key.min() != null && number < Double.parseDouble(key.min()))
                || (key.max() != null && number > Double.parseDouble(key.max()))) {
            problems.add(key.key(), value, allowed);
            return null;
        }
        return number;
    }

    private Boolean bool(KeyDefinition key, String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        problems.add(key.key(), text, "true or false");
        return key.defaultValue() == null ? null : Boolean.parseBoolean(key.defaultValue());
    }

    /** Text, or one of the options in their own spelling (matched ignoring case). */
    private String option(KeyDefinition key, String text) {
        if (key.options().isEmpty()) {
            return text;
        }
        for (String option : key.options()) {
            if (option.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return option;
            }
        }
        problems.add(key.key(), text, "one of " + key.options());
        return key.defaultValue();
    }

    private static Integer fallbackInteger(KeyDefinition key) {
        return key.defaultValue() == null ? null : Integer.valueOf(key.defaultValue());
    }

    private static long bound(String limit, long none) {
        return limit == null ? none : Long.parseLong(limit);
    }

    private String resolveEnvironment(String key, String value, boolean secret) {
        if (environment == null || value.indexOf('@') < 0 && value.indexOf('$') < 0) {
            return value;
        }
        Matcher matcher = ENV_FORMULA.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String replacement = environment.apply(variable);
            if (replacement == null) {
                if (secret) {
                    problems.add(key, "****", "a value whose environment variables are set");
                } else {
                    problems.add(key, value, "environment variable " + variable + " to be set (it is not)");
                }
                return null;
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
