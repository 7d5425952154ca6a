package io.rocketconnect.shell;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.rocketconnect.api.DeadLetter;
import io.rocketconnect.shell.completers.GroupCompleter;

@Service
@Command(scope = "rocketmq", name = "dlq",
        description = "Lists the dead letters of a consumer group (its %DLQ% topic), oldest first, without consuming them")
public class DlqCommand extends AdapterCommandSupport {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Argument(index = 1, name = "group", description = "The consumer group", required = true)
    @Completion(GroupCompleter.class)
    String group;

    @Option(name = "--max", description = "At most this many dead letters (1..1000, default 100)")
    int max = 100;

    @Override
    public Object execute() {
        List<DeadLetter> letters = admin().deadLetters(group, max);
        print(letters);
        long resent = letters.stream().filter(letter -> letter.resentAt() != null).count();
        System.out.println(letters.size() + " dead letter(s), " + resent + " resent before");
        return null;
    }

    static void print(List<DeadLetter> letters) {
        ShellTable table = new ShellTable();
        table.column("Message id");
        table.column("Original topic");
        table.column("Tags");
        table.column("Keys");
        table.column("Attempts").alignRight();
        table.column("Stored");
        table.column("Resent");
        for (DeadLetter letter : letters) {
            table.addRow().addContent(letter.msgId(), letter.originalTopic(), letter.tags() == null ? "" : letter.tags(),
                    String.join(" ", letter.keys()), letter.reconsumeTimes(), TIME.format(letter.storeTime()),
                    letter.resentAt() == null ? "" : TIME.format(letter.resentAt()));
        }
        table.print(System.out);
    }
}
