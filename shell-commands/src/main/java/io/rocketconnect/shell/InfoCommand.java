package io.rocketconnect.shell;

import java.util.Collections;
import java.util.Dictionary;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;

/** Shows an adapter's configuration (secrets as ****), whether it is up and which clients it runs. */
@Service
@Command(scope = "rocketmq", name = "info", description = "Shows an adapter's settings, state and running clients")
public class InfoCommand extends ConfigurationCommandSupport {

    @Override
    public Object execute() throws Exception {
        Configuration configuration = configuration();
        Dictionary<String, Object> properties = configuration.getProperties();
        List<String> keys = Collections.list(properties.keys());
        Collections.sort(keys);
        System.out.println("Adapter " + id + " (configuration " + configuration.getPid() + ")");
        for (String key : keys) {
            if (!key.equals("service.pid") && !key.equals("service.factoryPid")) {
                System.out.println("  " + key + " = " + AdapterConfigurations.shown(key, properties.get(key)));
            }
        }
        try {
            RocketmqAPI adapter = adapters.getRocketmqAPI(id);
            System.out.println("  state = up");
            System.out.println("  clients = " + (adapter.runningClients().isEmpty() ? "none started yet" : adapter.runningClients()));
        } catch (NoSuchAdapterException e) {
            System.out.println("  state = down (the configuration is invalid: see the ERROR line in karaf.log)");
        }
        return null;
    }
}
