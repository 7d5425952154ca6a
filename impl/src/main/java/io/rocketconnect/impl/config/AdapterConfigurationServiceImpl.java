package io.rocketconnect.impl.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.config.AdapterConfiguration;
import io.rocketconnect.api.config.AdapterConfiguration.State;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.api.config.AdapterKeys;
import io.rocketconnect.api.config.InvalidConfigurationException;
import io.rocketconnect.api.config.KeyDefinition;
import io.rocketconnect.api.config.ManagedAdapterException;

/**
 * Adapter configurations in ConfigurationAdmin, as Karaf's {@code JmsServiceImpl} keeps its connection
 * factories: it writes factory configurations and the connector's {@code AdapterComponent} turns them
 * into services. Every write is checked by {@link AdapterSettings} first, and refused for a managed
 * adapter, so no front end can get round either.
 */
@Component
public class AdapterConfigurationServiceImpl implements AdapterConfigurationService {

    /** What ConfigurationAdmin and fileinstall add to a configuration: not settings, never written by callers. */
    private static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            FactoryConfigurations.FILEINSTALL_FILENAME);

    private final ConfigurationAdmin configAdmin;
    private final RocketmqAdapters adapters;

    @Activate
    public AdapterConfigurationServiceImpl(@Reference ConfigurationAdmin configAdmin, @Reference RocketmqAdapters adapters) {
        this.configAdmin = configAdmin;
        this.adapters = adapters;
    }

    @Override
    public List<AdapterConfiguration> list() {
        List<AdapterConfiguration> all = new ArrayList<>();
        for (Configuration configuration : configurations()) {
            all.add(view(configuration));
        }
        all.sort(Comparator.comparing(AdapterConfiguration::id));
        return all;
    }

    @Override
    public AdapterConfiguration get(String id) {
        return view(find(id));
    }

    @Override
    public List<KeyDefinition> keys() {
        return AdapterSettings.KEYS.all();
    }

    @Override
    public void validate(Map<String, ?> configuration) {
        AdapterSettings.from(configuration);
    }

    @Override
    public AdapterConfiguration create(String id, Map<String, ?> settings) {
        if (lookup(id).isPresent()) {
            throw new IllegalStateException("Adapter '" + id + "' exists already; update it instead");
        }
        refuseUnknownKeysAndOtherIds(id, settings, "the id '" + id + "' the adapter is created with, or no id key");
        Hashtable<String, Object> properties = new Hashtable<>();
        settings.forEach((key, value) -> {
            if (!isEmpty(value)) {
                properties.put(key, value);
            }
        });
        properties.put(AdapterSettings.ID, id);
        AdapterSettings.from(properties);
        try {
            configAdmin.getFactoryConfiguration(AdapterKeys.FACTORY_PID, id, "?").update(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("Adapter '" + id + "' could not be written: " + e.getMessage(), e);
        }
        return get(id);
    }

    @Override
    public AdapterConfiguration update(String id, Map<String, ?> changes) {
        Configuration configuration = find(id);
        Map<String, Object> current = asMap(configuration);
        refuseIfManaged(id, current, "changed");
        refuseUnknownKeysAndOtherIds(id, changes,
                "the adapter's own id '" + id + "': an id cannot change; create a new adapter and delete this one");
        Hashtable<String, Object> next = new Hashtable<>();
        current.forEach((key, value) -> {
            if (!BOOKKEEPING.contains(key) || key.equals(FactoryConfigurations.FILEINSTALL_FILENAME)) {
                next.put(key, value);
            }
        });
        changes.forEach((key, value) -> {
            if (isEmpty(value)) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        });
        Hashtable<String, Object> checked = new Hashtable<>(next);
        checked.put("service.pid", configuration.getPid());
        AdapterSettings.from(checked);
        try {
            configuration.update(next);
        } catch (IOException e) {
            throw new UncheckedIOException("Adapter '" + id + "' could not be written: " + e.getMessage(), e);
        }
        return view(configuration);
    }

    @Override
    public void delete(String id) {
        Configuration configuration = find(id);
        refuseIfManaged(id, asMap(configuration), "deleted");
        try {
            configuration.delete();
        } catch (IOException e) {
            throw new UncheckedIOException("Adapter '" + id + "' could not be deleted: " + e.getMessage(), e);
        }
    }

    private AdapterConfiguration view(Configuration configuration) {
        Map<String, Object> all = asMap(configuration);
        String id = AdapterSettings.idForMessages(all);
        Map<String, Object> settings = new TreeMap<>();
        all.forEach((key, value) -> {
            if (!BOOKKEEPING.contains(key)) {
                settings.put(key, isSecret(key) ? AdapterConfiguration.MASK : value);
            }
        });
        Object file = all.get(FactoryConfigurations.FILEINSTALL_FILENAME);
        return new AdapterConfiguration(id, configuration.getPid(), file == null ? null : path(file.toString()), settings,
                state(id, all));
    }

    /** Up with its clients; or down, with the validation message, or why a valid configuration has no service. */
    private State state(String id, Map<String, Object> properties) {
        try {
            RocketmqAPI adapter = adapters.getRocketmqAPI(id);
            return State.up(adapter.runningClients());
        } catch (NoSuchAdapterException down) {
            try {
                AdapterSettings.from(properties);
            } catch (InvalidConfigurationException e) {
                return State.down(e.getMessage());
            }
            return State.down("the configuration is valid, but no adapter '" + id + "' is registered: it is starting, "
                    + "or the connector's bundle is not active (karaf.log says which)");
        }
    }

    private static void refuseIfManaged(String id, Map<String, Object> properties, String action) {
        if (Boolean.parseBoolean(String.valueOf(properties.get(AdapterKeys.MANAGED)).trim())) {
            Object app = properties.get(AdapterKeys.APP_ID);
            Object file = properties.get(FactoryConfigurations.FILEINSTALL_FILENAME);
            throw new ManagedAdapterException(id, app == null ? null : app.toString(), action,
                    file != null ? "its file " + path(file.toString()) : "its configuration " + properties.get("service.pid"));
        }
    }

    /**
     * A value for a key the metatype does not define is a typo, not a setting (removing any key is
     * fine), and an id key must be the adapter's own.
     */
    private static void refuseUnknownKeysAndOtherIds(String id, Map<String, ?> settings, String idRule) {
        Problems problems = new Problems();
        Object givenId = settings.get(AdapterSettings.ID);
        if (givenId != null && !givenId.toString().trim().equals(id)) {
            problems.add(AdapterSettings.ID, givenId, idRule);
        }
        for (String key : settings.keySet()) {
            if (!AdapterSettings.KEYS.has(key) && !isEmpty(settings.get(key))) {
                problems.add(key, isSecret(key) ? AdapterConfiguration.MASK : settings.get(key),
                        "a key of an adapter configuration; '" + key + "' is none (see rocketmq:info or the README's key table)");
            }
        }
        problems.throwIfAny();
    }

    /** Keys with a leading dot (kept from services), the metatype's passwords, and anything named secret or password. */
    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return key.startsWith(".") || lower.contains("secret") || lower.contains("password")
                || AdapterSettings.KEYS.has(key) && AdapterSettings.KEYS.get(key).secret();
    }

    private static boolean isEmpty(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static String path(String fileinstallName) {
        try {
            return fileinstallName.startsWith("file:") ? Path.of(URI.create(fileinstallName)).toString() : fileinstallName;
        } catch (IllegalArgumentException e) {
            return fileinstallName;
        }
    }

    private Configuration find(String id) {
        return lookup(id).orElseThrow(() -> {
            List<String> ids = configurations().stream().map(c -> AdapterSettings.idForMessages(asMap(c))).sorted().toList();
            return new IllegalArgumentException("No adapter configuration with id '" + id + "'; configured: "
                    + (ids.isEmpty() ? "none" : String.join(", ", ids)));
        });
    }

    private Optional<Configuration> lookup(String id) {
        return configurations().stream().filter(c -> id.equals(AdapterSettings.idForMessages(asMap(c)))).findFirst();
    }

    private List<Configuration> configurations() {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.factoryPid=" + AdapterKeys.FACTORY_PID + ")");
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("ConfigurationAdmin could not list the adapter configurations: " + e, e);
        }
    }

    private static Map<String, Object> asMap(Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Map<String, Object> map = new TreeMap<>();
        if (properties != null) {
            for (String key : Collections.list(properties.keys())) {
                map.put(key, properties.get(key));
            }
        }
        return map;
    }
}
