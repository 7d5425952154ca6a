package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Deletes an adapter configuration; the connector closes the adapter's clients. */
@Service
@Command(scope = "rocketmq", name = "delete", description = "Deletes an adapter and closes its clients")
public class DeleteCommand extends ConfigurationCommandSupport {

    @Override
    public Object execute() {
        configurations.delete(id);
        System.out.println("Adapter '" + id + "' deleted");
        return null;
    }
}
