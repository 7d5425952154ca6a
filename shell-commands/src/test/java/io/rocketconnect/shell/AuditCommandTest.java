package io.rocketconnect.shell;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.AuditQuery;
import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.RocketmqAuditLog;

public class AuditCommandTest {

    @Rule
    public CapturedOutput out = new CapturedOutput();

    private final List<AuditQuery> asked = new ArrayList<>();

    private AuditCommand command(List<AuditRecord> answer) {
        AuditCommand command = new AuditCommand();
        command.audit = new RocketmqAuditLog() {
            @Override
            public List<AuditRecord> newest(AuditQuery query) {
                asked.add(query);
                return answer;
            }

            @Override
            public AuditCounts counts(String adapterId) {
                throw new UnsupportedOperationException();
            }
        };
        return command;
    }

    @Test
    public void optionsBecomeTheQueryAndEntriesARow() {
        AuditCommand command = command(List.of(new AuditRecord(Instant.parse("2026-11-24T08:00:00Z"), "0123abcd", "orders",
                "send", "OrderTopic", "com.example.shop", AuditRecord.ERROR, "org.apache.rocketmq.client.exception.MQBrokerException", 1234)));
        command.id = "orders";
        command.errors = true;
        command.requestId = "0123abcd";
        command.since = "15m";
        command.limit = 5;
        command.execute();

        AuditQuery query = asked.get(0);
        assertEquals("orders", query.adapterId());
        assertEquals("0123abcd", query.requestId());
        assertTrue(query.errorsOnly());
        assertEquals(5, query.limit());
        Duration age = Duration.between(query.since(), Instant.now());
        assertTrue("15m ago: " + age, age.compareTo(Duration.ofMinutes(14)) > 0 && age.compareTo(Duration.ofMinutes(16)) < 0);
        String printed = out.text();
        assertThat(printed, containsString("com.example.shop"));
        assertThat(printed, containsString("MQBrokerException"));
        assertThat(printed, containsString("1234"));
    }

    @Test
    public void withoutOptionsItAsksForTheNewestTwentyOfEveryAdapter() {
        command(List.of()).execute();
        AuditQuery query = asked.get(0);
        assertNull(query.adapterId());
        assertNull(query.since());
        assertEquals(20, query.limit());
    }

    @Test
    public void anIsoInstantIsASince() {
        assertEquals(Instant.parse("2026-11-24T08:00:00Z"), AuditCommand.parseSince("2026-11-24T08:00:00Z"));
    }

    @Test
    public void aSinceThatIsNeitherAgeNorInstantIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditCommand.parseSince("yesterday"));
        assertThat(e.getMessage(), containsString("--since 'yesterday'"));
    }

    @Test
    public void aLimitOutOfRangeIsRefusedBeforeAnyQuery() {
        AuditCommand command = command(List.of());
        command.limit = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);
        assertThat(e.getMessage(), containsString("--limit must be in [1, 10000], not 0"));
        assertEquals(0, asked.size());
    }
}
