package io.rocketconnect.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.rocketconnect.api.DeadLetter;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.shell.completers.GroupCompleter;

@Service
@Command(scope = "rocketmq", name = "dlq-resend", description = "Sends dead letters of a consumer group back to their "
        + "original topic: the ones named, or with --all every one not resent before (shown first; sent only with --yes)")
public class DlqResendCommand extends AdapterCommandSupport {

    @Argument(index = 1, name = "group", description = "The consumer group", required = true)
    @Completion(GroupCompleter.class)
    String group;

    @Argument(index = 2, name = "msgIds", description = "Ids of the dead letters to resend (see rocketmq:dlq)", multiValued = true)
    List<String> msgIds;

    @Option(name = "--all", description = "Every dead letter not resent before (with --topic or --tag, only those)")
    boolean all;

    @Option(name = "--topic", description = "With --all: only dead letters of this original topic")
    String topic;

    @Option(name = "--tag", description = "With --all: only dead letters with this tag")
    String tag;

    @Option(name = "--yes", description = "With --all: resend them; without it the command only shows what it would resend")
    boolean yes;

    @Override
    public Object execute() {
        boolean named = msgIds != null && !msgIds.isEmpty();
        if (named == all) {
            throw new IllegalArgumentException("give the message ids to resend, or --all (not both)");
        }
        if (named && (topic != null || tag != null)) {
            throw new IllegalArgumentException("--topic and --tag choose among --all; they do not go with message ids");
        }
        RocketmqAdmin admin = admin();
        if (named) {
            report(admin.resendDeadLetters(group, msgIds));
            return null;
        }
        List<DeadLetter> plan = admin.deadLetters(group, 1000).stream()
                .filter(letter -> letter.resentAt() == null)
                .filter(letter -> topic == null || topic.equals(letter.originalTopic()))
                .filter(letter -> tag == null || tag.equals(letter.tags()))
                .toList();
        DlqCommand.print(plan);
        if (plan.isEmpty()) {
            System.out.println("Nothing to resend.");
        } else if (!yes) {
            System.out.println(plan.size() + " dead letter(s) would be resent. Nothing was sent: add --yes to resend them.");
        } else {
            report(admin.resendDeadLetters(group, plan.stream().map(DeadLetter::msgId).toList()));
        }
        return null;
    }

    private static void report(List<DeadLetter> resent) {
        resent.forEach(letter -> System.out.println("Resent " + letter.msgId() + " to " + letter.originalTopic()));
        System.out.println(resent.size() + " dead letter(s) resent.");
    }
}
