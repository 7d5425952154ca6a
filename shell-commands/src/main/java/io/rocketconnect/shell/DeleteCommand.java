package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.rocketconnect.shell.completers.AdapterIdCompleter;

/** Deletes an adapter configuration; the connector closes the adapter's clients. */
@Service
@Command(scope = "rocketmq", name = "delete", description = "Deletes an adapter and closes its clients")
public class DeleteCommand implements Action {

    @Argument(index = 0, name = "id", description = "Id of the adapter", required = true)
    @Completion(AdapterIdCompleter.class)
    String id;

    @Reference
    ConfigurationAdmin configAdmin;

    @Override
    public Object execute() throws Exception {
        Configuration configuration = AdapterConfigurations.find(configAdmin, id)
                .orElseThrow(() -> new IllegalArgumentException("No adapter configuration with id '" + id + "'"));
        AdapterConfigurations.refuseIfManaged(configuration, id, "deleted");
        configuration.delete();
        System.out.println("Adapter '" + id + "' deleted");
        return null;
    }
}
