package io.rocketconnect.shell;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** rocketmq:query takes its topic as send, consume and topic-status do: the argument after the adapter. */
public class QueryCommandTest {

    private static QueryCommand query(String argument, String option) {
        QueryCommand command = new QueryCommand();
        command.topic = argument;
        command.topicOption = option;
        return command;
    }

    @Test
    public void theTopicIsTheArgumentAfterTheAdapterOrAsBeforeTheOption() {
        assertEquals("Orders", query("Orders", null).topic());
        assertEquals("Orders", query(null, "Orders").topic());
        assertEquals("the same topic twice is one topic", "Orders", query("Orders", "Orders").topic());
    }

    @Test
    public void noTopicOrTwoDifferentOnesAreRefusedWithTheUsage() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> query(null, null).topic());
        assertThat(none.getMessage(), containsString("no topic given: rocketmq:query [--msg-id ID | --key KEY] <adapter> <topic>"));
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> query("Orders", "Payments").topic());
        assertThat(two.getMessage(), containsString("two topics given, Orders and --topic Payments"));
    }
}
