package io.rocketconnect.shell;

import java.time.ZoneId;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.OffsetReset;
import io.rocketconnect.api.OffsetReset.QueueChange;
import io.rocketconnect.api.OffsetReset.Target;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.shell.completers.GroupCompleter;
import io.rocketconnect.shell.completers.TopicCompleter;

@Service
@Command(scope = "rocketmq", name = "reset-offset", description = "Moves a consumer group's offsets on a topic to the "
        + "earliest or latest message or to a time: shows per queue what would change; changes it only with --yes")
public class ResetOffsetCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "group", description = "The consumer group", required = true)
    @Completion(GroupCompleter.class)
    String group;

    @Argument(index = 2, name = "topic", description = "The topic", required = true)
    @Completion(TopicCompleter.class)
    String topic;

    @Option(name = "--to", required = true, description = "earliest, latest, or a time: 2026-11-27T10:00 (this machine's "
            + "time zone), 2026-11-27T10:00+01:00 or 2026-11-27T09:00:00Z; the first message stored at or after it")
    String to;

    @Option(name = "--yes", description = "Change the offsets; without it the command only shows what would change")
    boolean yes;

    @Override
    public Object execute() {
        Target target = target(to, ZoneId.systemDefault());
        RocketmqAdmin admin = admin();
        OffsetReset preview = admin.previewOffsetReset(group, topic, target);
        print(preview);
        if (!yes) {
            System.out.println("Nothing was changed: add --yes to reset the offsets.");
            return null;
        }
        OffsetReset made = admin.resetOffsets(group, topic, target);
        System.out.println("Offsets reset" + (made.online() ? "; the group's consumers were told and switch within seconds:" : ":"));
        print(made);
        return null;
    }

    /** --to as a target; a time without offset is in {@code zone}. */
    static Target target(String to, ZoneId zone) {
        try {
            return Target.parse(to, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--to " + e.getMessage());
        }
    }

    private static void print(OffsetReset reset) {
        System.out.println("Group " + reset.consumerGroup() + " on " + reset.topic() + " to " + reset.to()
                + (reset.online() ? " (consumers online)" : " (no consumer online)"));
        ShellTable table = new ShellTable();
        table.column("Broker");
        table.column("Queue").alignRight();
        table.column("Old offset").alignRight();
        table.column("New offset").alignRight();
        table.column("Replayed").alignRight();
        table.column("Skipped").alignRight();
        for (QueueChange queue : reset.queues()) {
            table.addRow().addContent(queue.brokerName(), queue.queueId(), queue.oldOffset(), queue.newOffset(), queue.replayed(),
                    queue.skipped());
        }
        table.print(System.out);
        System.out.println("Messages replayed: " + reset.replayed() + ", skipped: " + reset.skipped());
    }
}
