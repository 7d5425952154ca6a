package io.rocketconnect.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Finds adapter configurations in ConfigurationAdmin, with the connector's own rules for an adapter's
 * id, and keeps secrets and user input where they belong.
 */
final class AdapterConfigurations {

    static final String FACTORY_PID = "io.rocketconnect.adapter";
    static final String MANAGED = "managed";
    static final String APP_ID = "app.id";

    private AdapterConfigurations() {
    }

    static List<Configuration> all(ConfigurationAdmin configAdmin) throws IOException, InvalidSyntaxException {
        Configuration[] found = configAdmin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
        return found == null ? List.of() : List.of(found);
    }

    static Optional<Configuration> find(ConfigurationAdmin configAdmin, String id) throws IOException, InvalidSyntaxException {
        return all(configAdmin).stream().filter(c -> id.equals(idOf(c))).findFirst();
    }

    /** The id key, else the name after the dash of etc/io.rocketconnect.adapter-<id>.cfg, else the pid after '~'. */
    static String idOf(Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Object id = properties == null ? null : properties.get("id");
        if (id != null && !id.toString().isBlank()) {
            return id.toString().trim();
        }
        Object file = properties == null ? null : properties.get("felix.fileinstall.filename");
        if (file != null) {
            String name = file.toString().substring(file.toString().lastIndexOf('/') + 1);
            String prefix = FACTORY_PID + "-";
            if (name.startsWith(prefix) && name.lastIndexOf('.') > prefix.length()) {
                return name.substring(prefix.length(), name.lastIndexOf('.'));
            }
        }
        String pid = configuration.getPid();
        return pid.startsWith(FACTORY_PID + "~") ? pid.substring(FACTORY_PID.length() + 1) : pid;
    }

    /** Refuses to change a managed adapter, naming its app. */
    static void refuseIfManaged(Configuration configuration, String id, String action) {
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null && Boolean.parseBoolean(String.valueOf(properties.get(MANAGED)))) {
            Object app = properties.get(APP_ID);
            throw new IllegalStateException("Adapter '" + id + "' is managed" + (app == null ? "" : " by app '" + app + "'")
                    + " and cannot be " + action + " from the shell; change it where " + (app == null ? "it" : "that app")
                    + " is deployed");
        }
    }

    /** Secrets are shown as ****: keys with a leading dot (hidden from services) and anything named secret or password. */
    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return key.startsWith(".") || lower.contains("secret") || lower.contains("password");
    }

    static Object shown(String key, Object value) {
        return isSecret(key) ? "****" : value;
    }

    /** Escapes a value for an LDAP filter (RFC 4515), so an id such as {@code x)(adapter.id=*} matches only itself. */
    static String escapeFilterValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\': escaped.append("\\5c"); break;
                case '*': escaped.append("\\2a"); break;
                case '(': escaped.append("\\28"); break;
                case ')': escaped.append("\\29"); break;
                case '\0': escaped.append("\\00"); break;
                default: escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Parses key=value arguments; an empty value means "remove the key". */
    static List<String[]> keyValues(List<String> arguments) {
        List<String[]> pairs = new ArrayList<>();
        if (arguments == null) {
            return pairs;
        }
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + (isSecret(argument) ? "****" : argument) + "' is not key=value");
            }
            pairs.add(new String[] {argument.substring(0, equals).trim(), argument.substring(equals + 1).trim()});
        }
        return pairs;
    }
}
