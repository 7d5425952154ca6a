package io.rocketconnect.shell;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;

/** Changes keys of an adapter configuration; the connector brings the adapter back with them. */
@Service
@Command(scope = "rocketmq", name = "update", description = "Changes keys of an adapter (checked before anything is written)")
public class UpdateCommand extends ConfigurationCommandSupport {

    @Argument(index = 1, name = "settings", description = "key=value pairs; key= (empty) removes the key", required = true,
            multiValued = true)
    List<String> settings;

    @Override
    public Object execute() throws Exception {
        Configuration configuration = configuration();
        AdapterConfigurations.refuseIfManaged(configuration, id, "updated");
        List<String[]> pairs = AdapterConfigurations.keyValues(settings);
        Dictionary<String, Object> current = configuration.getProperties();
        Hashtable<String, Object> next = new Hashtable<>();
        for (java.util.Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            next.put(key, current.get(key));
        }
        for (String[] pair : pairs) {
            if (pair[1].isEmpty()) {
                next.remove(pair[0]);
            } else {
                next.put(pair[0], pair[1]);
            }
        }
        adapters.validate(next);
        configuration.update(next);
        StringBuilder changed = new StringBuilder();
        for (String[] pair : pairs) {
            changed.append(changed.length() == 0 ? "" : ", ").append(pair[0]).append(pair[1].isEmpty() ? " removed"
                    : "=" + AdapterConfigurations.shown(pair[0], pair[1]));
        }
        System.out.println("Adapter '" + id + "' updated: " + changed);
        return null;
    }
}
