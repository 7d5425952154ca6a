package io.rocketconnect.shell;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.rocketconnect.api.config.AdapterConfiguration;

/** Changes keys of an adapter configuration; the connector brings the adapter back with them. */
@Service
@Command(scope = "rocketmq", name = "update", description = "Changes keys of an adapter (checked before anything is written)")
public class UpdateCommand extends ConfigurationCommandSupport {

    @Argument(index = 1, name = "settings", description = "key=value pairs; key= (empty) removes the key", required = true,
            multiValued = true)
    List<String> settings;

    @Override
    public Object execute() {
        Map<String, String> changes = KeyValueArguments.parse(settings);
        AdapterConfiguration updated = configurations.update(id, changes);
        StringJoiner changed = new StringJoiner(", ");
        // The values as the service shows them: secrets masked.
        changes.forEach((key, value) -> changed.add(value.isEmpty() ? key + " removed" : key + "=" + updated.settings().get(key)));
        System.out.println("Adapter '" + id + "' updated: " + changed);
        return null;
    }
}
