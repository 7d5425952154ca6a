package io.rocketconnect.opentelemetry.sdk;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code etc/io.rocketconnect.opentelemetry.cfg}, read and checked: each bad value is named with its key
 * and the rule it breaks, all at once. The OTLP headers are kept out of {@link #toString()}.
 */
record SdkSettings(String endpoint, Map<String, String> headers, String sampler, double ratio, String serviceName,
        Map<String, String> resourceAttributes, int exportIntervalSeconds) {

    static final List<String> SAMPLERS = List.of("parentbased_always_on", "parentbased_always_off",
            "parentbased_traceidratio", "always_on", "always_off", "traceidratio");

    /** @throws IllegalArgumentException naming every key at fault */
    static SdkSettings from(Map<String, ?> properties) {
        List<String> problems = new ArrayList<>();
        String endpoint = text(properties, "otlp.endpoint", "");
        if (!endpoint.isEmpty()) {
            try {
                URI uri = URI.create(endpoint);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problems.add("otlp.endpoint '" + endpoint + "' is not an http:// or https:// URL with a host");
                }
            } catch (IllegalArgumentException e) {
                problems.add("otlp.endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
            }
        }
        Map<String, String> headers = pairs(text(properties, ".otlp.headers", ""), ".otlp.headers", problems, false);
        String sampler = text(properties, "sampler", "parentbased_always_on");
        if (!SAMPLERS.contains(sampler)) {
            problems.add("sampler '" + sampler + "' is not one of " + SAMPLERS);
        }
        double ratio = number(properties, "sampler.ratio", 1.0, 0.0, 1.0, problems);
        String serviceName = text(properties, "service.name", "rocketconnect");
        if (serviceName.isBlank()) {
            problems.add("service.name is empty; it names this Karaf in every trace backend");
        }
        Map<String, String> attributes = pairs(text(properties, "resource.attributes", ""), "resource.attributes", problems, true);
        int interval = (int) number(properties, "metrics.exportIntervalSeconds", 60, 1, 3600, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new SdkSettings(endpoint, headers, sampler, ratio, serviceName, attributes, interval);
    }

    private static String text(Map<String, ?> properties, String key, String fallback) {
        Object value = properties.get(key);
        return value == null ? fallback : value.toString().trim();
    }

    private static double number(Map<String, ?> properties, String key, double fallback, double min, double max,
            List<String> problems) {
        String text = text(properties, key, null);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        problems.add(key + " '" + text + "' is not a number from " + format(min) + " to " + format(max));
        return fallback;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** {@code a=1,b=2}; a bad pair is named, with its value only if {@code showValues} (headers may be secret). */
    private static Map<String, String> pairs(String text, String key, List<String> problems, boolean showValues) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return pairs;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || pair.substring(0, equals).isBlank()) {
                problems.add(key + ": '" + (showValues ? pair.trim() : pair.substring(0, Math.max(0, equals)).trim() + "=…")
                        + "' is not name=value");
                continue;
            }
            pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return pairs;
    }

    @Override
    public String toString() {
        return "otlp.endpoint=" + (endpoint.isEmpty() ? "(none)" : endpoint) + ", .otlp.headers=" + headers.keySet()
                + ", sampler=" + sampler + (sampler.endsWith("traceidratio") ? "(" + ratio + ")" : "") + ", service.name="
                + serviceName + ", resource.attributes=" + resourceAttributes + ", metrics.exportIntervalSeconds="
                + exportIntervalSeconds;
    }
}
