package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.rocketconnect.api.config.AdapterConfiguration;
import io.rocketconnect.api.config.AdapterConfiguration.State;

/** Shows an adapter's configuration (secrets as ****), whether it is up, why not, and which clients it runs. */
@Service
@Command(scope = "rocketmq", name = "info", description = "Shows an adapter's settings, state (with the reason when down) and running clients")
public class InfoCommand extends ConfigurationCommandSupport {

    @Override
    public Object execute() {
        AdapterConfiguration adapter = configurations.get(id);
        System.out.println("Adapter " + adapter.id() + " (configuration " + adapter.pid()
                + (adapter.file() == null ? "" : ", file " + adapter.file()) + ")");
        adapter.settings().forEach((key, value) -> System.out.println("  " + key + " = " + value));
        State state = adapter.state();
        if (state.up()) {
            System.out.println("  state = up");
            System.out.println("  clients = " + (state.clients().isEmpty() ? "none started yet" : state.clients()));
        } else {
            System.out.println("  state = down: " + state.reason());
        }
        return null;
    }
}
