package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.config.AdapterConfiguration;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.api.config.AdapterKeys;

@Service
@Command(scope = "rocketmq", name = "list",
        description = "Lists the adapter configurations: whether each is up (and why not), its transport and address, app, lock and clients")
public class ListCommand implements Action {

    @Reference
    AdapterConfigurationService configurations;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        for (String column : List.of("Id", "Name", "App", "Transport", "Address", "State", "Managed", "Clients", "Description")) {
            table.column(column);
        }
        for (AdapterConfiguration adapter : configurations.list()) {
            String transport = adapter.setting(AdapterKeys.TRANSPORT, AdapterKeys.TRANSPORT_REMOTING).trim();
            // The NameServers of a remoting adapter, the Proxy endpoints of a gRPC one.
            String address = adapter.setting(AdapterKeys.TRANSPORT_GRPC.equals(transport) ? AdapterKeys.ENDPOINTS
                    : AdapterKeys.NAMESRV_ADDR, "");
            table.addRow().addContent(adapter.id(), adapter.setting(AdapterKeys.NAME, adapter.id()),
                    adapter.setting(AdapterKeys.APP_ID, ""), transport, address,
                    adapter.state().up() ? "up" : "down: " + adapter.state().reason(), adapter.managed() ? "locked" : "",
                    adapter.state().up() ? Integer.toString(adapter.state().clients().size()) : "-",
                    adapter.setting(AdapterKeys.DESCRIPTION, ""));
        }
        table.print(System.out);
        return null;
    }
}
