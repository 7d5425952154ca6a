package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.rocketconnect.api.RocketmqAdmin;

@Service
@Command(scope = "rocketmq", name = "topics", description = "Lists the topics the adapter's NameServer knows")
public class TopicsCommand extends AdapterCommandSupport {

    @Option(name = "--all", description = "Include system topics (RMQ_SYS_*, %RETRY%*, %DLQ%*, cluster and broker names)")
    boolean all;

    @Override
    public Object execute() {
        admin().topics().stream()
                .filter(topic -> all || !RocketmqAdmin.isSystemTopic(topic))
                .forEach(System.out::println);
        return null;
    }
}
