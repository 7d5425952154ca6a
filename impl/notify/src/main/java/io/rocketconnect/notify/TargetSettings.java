package io.rocketconnect.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notification target's configuration, read and checked: every bad value is named with its key and
 * the rule it breaks (never the value of {@code .header} or {@code .smtp.password}), all at once. Those
 * two may hold {@code @env(NAME)} or {@code ${env:NAME}}.
 */
record TargetSettings(String name, String type, URI url, String headerName, String headerValue, List<String> to, String from,
        String smtpHost, int smtpPort, String smtpTls, String smtpUsername, String smtpPassword, int timeoutSeconds,
        int retries, int retryDelayMillis) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ENV = Pattern.compile("@env\\(([A-Za-z_][A-Za-z0-9_]*)\\)|\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,]+@[^@\\s,]+");

    /** @throws IllegalArgumentException naming every key at fault */
    static TargetSettings from(Map<String, ?> properties, UnaryOperator<String> environment) {
        List<String> problems = new ArrayList<>();
        String name = text(properties, "name");
        if (name == null) {
            name = nameFromPid(text(properties, "felix.fileinstall.filename"), text(properties, "service.pid"));
        }
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' is not 1 to 64 of A-Z a-z 0-9 _ . - (or name the file "
                    + NotificationTargetConfig.FACTORY_PID + "-<name>.cfg)");
        }
        String type = text(properties, "type");
        URI url = null;
        String headerName = null;
        String headerValue = null;
        List<String> to = List.of();
        String host = null;
        if ("webhook".equals(type)) {
            url = url(text(properties, "url"), problems);
            String header = secret(properties, ".header", environment, problems);
            if (header != null) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    problems.add(".header is not 'Name: value'");
                } else {
                    headerName = header.substring(0, colon).trim();
                    headerValue = header.substring(colon + 1).trim();
                }
            }
        } else if ("email".equals(type)) {
            to = addresses(text(properties, "to"), problems);
            host = text(properties, "smtp.host");
            if (host == null) {
                problems.add("smtp.host is missing; an email target needs the SMTP server");
            }
        } else {
            problems.add("type '" + type + "' is not webhook or email");
        }
        String from = text(properties, "from") == null ? "rocketconnect@localhost" : text(properties, "from");
        if ("email".equals(type) && !ADDRESS.matcher(from).matches()) {
            problems.add("from '" + from + "' is not a mail address");
        }
        int port = number(properties, "smtp.port", 587, 1, 65535, problems);
        String tls = text(properties, "smtp.tls") == null ? "starttls" : text(properties, "smtp.tls");
        if (!List.of("starttls", "smtps", "none").contains(tls)) {
            problems.add("smtp.tls '" + tls + "' is not starttls, smtps or none");
        }
        String password = secret(properties, ".smtp.password", environment, problems);
        int timeout = number(properties, "timeoutSeconds", 5, 1, 60, problems);
        int retries = number(properties, "retries", 3, 0, 10, problems);
        int delay = number(properties, "retryDelayMillis", 1000, 10, 30_000, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new TargetSettings(name, type, url, headerName, headerValue, to, from, host, port, tls,
                text(properties, "smtp.username"), password, timeout, retries, delay);
    }

    /** Where it sends, for people: the URL without user info or query (either may hold a token), or the recipients. */
    String destination() {
        if (url != null) {
            return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + url.getPath();
        }
        return String.join(", ", to);
    }

    private static URI url(String text, List<String> problems) {
        if (text == null) {
            problems.add("url is missing; a webhook target needs it");
            return null;
        }
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        problems.add("url '" + text + "' is not an http:// or https:// URL with a host");
        return null;
    }

    private static List<String> addresses(String text, List<String> problems) {
        if (text == null) {
            problems.add("to is missing; an email target needs recipients");
            return List.of();
        }
        List<String> addresses = new ArrayList<>();
        for (String address : text.split(",")) {
            if (!ADDRESS.matcher(address.trim()).matches()) {
                problems.add("to: '" + address.trim() + "' is not a mail address");
            }
            addresses.add(address.trim());
        }
        return List.copyOf(addresses);
    }

    private static String secret(Map<String, ?> properties, String key, UnaryOperator<String> environment, List<String> problems) {
        String value = text(properties, key);
        if (value == null) {
            return null;
        }
        Matcher matcher = ENV.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String replacement = environment.apply(variable);
            if (replacement == null) {
                problems.add(key + " names environment variable " + variable + ", which is not set");
                return null;
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static int number(Map<String, ?> properties, String key, int fallback, int min, int max, List<String> problems) {
        String text = text(properties, key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        problems.add(key + " '" + text + "' is not a whole number from " + min + " to " + max);
        return fallback;
    }

    private static String text(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    /** {@code .../io.rocketconnect.notify-ops.cfg} or a named factory pid {@code io.rocketconnect.notify~ops}. */
    private static String nameFromPid(String file, String pid) {
        String prefix = NotificationTargetConfig.FACTORY_PID + "-";
        if (file != null) {
            String base = file.substring(file.lastIndexOf('/') + 1);
            if (base.startsWith(prefix) && base.endsWith(".cfg")) {
                return base.substring(prefix.length(), base.length() - ".cfg".length());
            }
        }
        if (pid != null && pid.startsWith(NotificationTargetConfig.FACTORY_PID + "~")) {
            return pid.substring(NotificationTargetConfig.FACTORY_PID.length() + 1);
        }
        return null;
    }

    @Override
    public String toString() {
        return name + " (" + type + " to " + destination() + (headerName != null ? ", header " + headerName + ": ****" : "")
                + (smtpHost != null ? ", smtp " + smtpHost + ":" + smtpPort + " " + smtpTls : "") + ", timeout " + timeoutSeconds
                + " s, " + retries + " retries)";
    }
}
