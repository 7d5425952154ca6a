package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.MessageTrack;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqAuditLog;
import io.rocketconnect.shell.completers.TopicCompleter;

@Service
@Command(scope = "rocketmq", name = "track", description = "For a message (by id, or by key), which consumer groups "
        + "consumed it, not yet, or never will; and its audit log entries when the audit log is on")
public class TrackCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "topic", description = "The message's topic", required = true)
    @Completion(TopicCompleter.class)
    String topic;

    @Argument(index = 2, name = "msgId", description = "Message id, as rocketmq:send prints it")
    String msgId;

    @Option(name = "--key", description = "Instead of an id: every message with this business key (a requestId sent as key too)")
    String key;

    @Reference(optional = true)
    RocketmqAuditLog audit;

    @Override
    public Object execute() {
        if ((msgId == null) == (key == null)) {
            throw new IllegalArgumentException("give a message id or --key (one of them)");
        }
        RocketmqAdmin admin = admin();
        List<MessageExt> messages = msgId != null ? List.of(admin.viewMessage(topic, msgId)) : admin.queryByKey(topic, key, 32);
        if (messages.isEmpty()) {
            System.out.println("No message with key " + key + " in " + topic);
        }
        for (MessageExt message : messages) {
            System.out.println(ConsumeCommand.describe(message));
            ShellTable table = new ShellTable();
            table.column("Consumer group");
            table.column("State");
            table.column("Why");
            for (MessageTrack track : admin.track(topic, message.getMsgId())) {
                table.addRow().addContent(track.consumerGroup(), track.state(), track.detail());
            }
            table.print(System.out);
            printAudit(message.getUserProperty(RocketmqAPI.REQUEST_ID));
        }
        return null;
    }

    private void printAudit(String requestId) {
        if (requestId == null || audit == null) {
            return;
        }
        List<AuditRecord> rows;
        try {
            rows = audit.newest(AuditQuery.newest(50).requestId(requestId));
        } catch (IllegalStateException unavailable) {
            // The track itself stands; say why the audit part is missing (e.g. no DataSource configured).
            System.out.println("Audit log, requestId " + requestId + ": not available: " + unavailable.getMessage());
            return;
        }
        System.out.println("Audit log, requestId " + requestId + ": " + (rows.isEmpty() ? "no entries" : rows.size() + " entries"));
        for (AuditRecord row : rows) {
            System.out.println("  " + DlqCommand.TIME.format(row.timestamp()) + " " + row.adapterId() + " " + row.operation() + " "
                    + row.target() + " " + row.outcome() + (row.errorClass() == null ? "" : " " + row.errorClass()));
        }
    }
}
