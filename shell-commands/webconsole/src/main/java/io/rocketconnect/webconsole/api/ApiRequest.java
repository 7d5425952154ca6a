package io.rocketconnect.webconsole.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import io.rocketconnect.webconsole.security.ConsoleUser;

/**
 * One call of the JSON API: its method, its path below {@code api/} split at {@code /}, its query
 * parameters, the user, and the body (read once, when asked for).
 */
public record ApiRequest(String method, List<String> path, HttpServletRequest http, ConsoleUser user) {

    public String segment(int index) {
        return index < path.size() ? path.get(index) : null;
    }

    /** A query parameter, null when absent or blank. */
    public String parameter(String name) {
        String value = http.getParameter(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public int intParameter(String name, int fallback, int min, int max) {
        String value = parameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw ApiException.badRequest(name + " must be in " + min + ".." + max + ": " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number: '" + value + "'");
        }
    }

    /** An ISO-8601 instant parameter such as {@code 2026-11-27T10:00:00Z}. */
    public Instant instantParameter(String name) {
        String value = parameter(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-27T10:00:00Z: '"
                    + value + "'");
        }
    }

    public Map<String, Object> body() {
        try {
            return Json.object(http.getInputStream(), http.getContentLength());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text field of the body's object, null when absent. */
    public static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
            throw ApiException.badRequest(field + " must be text, not " + value.getClass().getSimpleName());
        }
        return value == null ? null : value.toString();
    }

    /** {@code value} trimmed; a 400 naming {@code name} when it is absent or blank. */
    public static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(name + " is missing");
        }
        return value.trim();
    }

    /** An object field of the body (settings, changes), empty when absent. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw ApiException.badRequest(field + " must be a JSON object of key: value");
        }
        Map<String, Object> object = (Map<String, Object>) value;
        object.forEach((key, each) -> {
            if (each instanceof Map || each instanceof List) {
                throw ApiException.badRequest(field + "." + key + " must be text, a number or a boolean");
            }
        });
        return object;
    }
}
