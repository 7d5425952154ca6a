package io.rocketconnect.shell;

import java.util.Arrays;
import java.util.Comparator;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.rocketconnect.api.RocketmqAPI;

@Service
@Command(scope = "rocketmq", name = "list", description = "Lists the RocketMQ adapters that are up")
public class ListCommand implements Action {

    @Reference
    BundleContext context;

    @Override
    public Object execute() throws Exception {
        ServiceReference<?>[] found = context.getServiceReferences(RocketmqAPI.class.getName(), null);
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("NameServer");
        table.column("Description");
        if (found != null) {
            Arrays.stream(found)
                    .sorted(Comparator.comparing(ref -> String.valueOf(ref.getProperty(RocketmqAPI.ADAPTER_ID))))
                    .forEach(ref -> table.addRow().addContent(ref.getProperty(RocketmqAPI.ADAPTER_ID),
                            ref.getProperty("name"), ref.getProperty("namesrvAddr"), ref.getProperty("description")));
        }
        table.print(System.out);
        return null;
    }
}
