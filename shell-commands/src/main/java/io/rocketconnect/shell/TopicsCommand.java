package io.rocketconnect.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "rocketmq", name = "topics", description = "Lists the topics the adapter's NameServer knows")
public class TopicsCommand extends AdapterCommandSupport {

    @Option(name = "--all", description = "Include system topics (RMQ_SYS_*, %RETRY%*, %DLQ%*, cluster and broker names)")
    boolean all;

    @Override
    public Object execute() {
        adapter().admin().topics().stream()
                .filter(topic -> all || !(topic.startsWith("%") || topic.startsWith("RMQ_SYS_") || topic.startsWith("rmq_sys_")
                        || topic.equals("TBW102") || topic.equals("SELF_TEST_TOPIC") || topic.equals("OFFSET_MOVED_EVENT")
                        || topic.equals("BenchmarkTest") || topic.endsWith("_REPLY_TOPIC") || topic.equals("SCHEDULE_TOPIC_XXXX")
                        || topic.startsWith("TRANS_CHECK_MAX_TIME_TOPIC")))
                .forEach(System.out::println);
        return null;
    }
}
