package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;

/** Deletes an adapter configuration; the connector closes the adapter's clients. */
@Service
@Command(scope = "rocketmq", name = "delete", description = "Deletes an adapter and closes its clients")
public class DeleteCommand extends ConfigurationCommandSupport {

    @Override
    public Object execute() throws Exception {
        Configuration configuration = configuration();
        AdapterConfigurations.refuseIfManaged(configuration, id, "deleted");
        configuration.delete();
        System.out.println("Adapter '" + id + "' deleted");
        return null;
    }
}
