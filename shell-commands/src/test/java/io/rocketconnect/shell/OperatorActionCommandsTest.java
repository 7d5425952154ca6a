package io.rocketconnect.shell;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.DeadLetter;
import io.rocketconnect.api.OffsetReset;
import io.rocketconnect.api.OffsetReset.QueueChange;
import io.rocketconnect.api.OffsetReset.Target;
import io.rocketconnect.api.RocketmqAdmin;

/**
 * dlq-resend and reset-offset change nothing without --yes (the admin's changing methods are never
 * called), and do with it; --to and the argument combinations are checked before the cluster is asked.
 */
public class OperatorActionCommandsTest {

    @Rule
    public final CapturedOutput out = new CapturedOutput();

    private final List<String> calls = new ArrayList<>();

    /** An admin that records each call's name and answers from {@code answers}. */
    private RocketmqAdmin admin(Map<String, Object> answers) {
        RocketmqAdmin answering = TestAdapters.admin(answers);
        return (RocketmqAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RocketmqAdmin.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return method.invoke(answering, args);
                });
    }

    private static DeadLetter letter(String id, String topic, Instant resentAt) {
        return new DeadLetter(id, topic, "orders", List.of("k1"), 3, Instant.EPOCH, Instant.EPOCH, 5, null, resentAt);
    }

    private DlqResendCommand resend(RocketmqAdmin admin) {
        DlqResendCommand command = new DlqResendCommand();
        command.adapters = TestAdapters.answering(() -> admin);
        command.adapterId = "orders";
        command.group = "billing";
        return command;
    }

    @Test
    public void bulkResendWithoutYesShowsThePlanAndSendsNothing() {
        String a = "0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A";
        String b = "0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B";
        String c = "0C0C0C0C0C0C0C0C0C0C0C0C0C0C0C0C";
        List<DeadLetter> letters = List.of(letter(a, "Orders", null), letter(b, "Orders", Instant.now()), letter(c, "Invoices", null));
        RocketmqAdmin admin = admin(Map.of("deadLetters", letters, "resendDeadLetters", List.of(letters.get(0))));
        DlqResendCommand command = resend(admin);
        command.all = true;
        command.topic = "Orders";
        command.execute();
        assertThat(out.text(), containsString(a));
        assertTrue("resent before: not in the plan", !out.text().contains(b));
        assertTrue("other topic: not in the plan", !out.text().contains(c));
        assertThat(out.text(), containsString("1 dead letter(s) would be resent. Nothing was sent: add --yes"));
        assertEquals(List.of("deadLetters"), calls);

        out.reset();
        command.yes = true;
        command.execute();
        assertEquals(List.of("deadLetters", "deadLetters", "resendDeadLetters"), calls);
        assertThat(out.text(), containsString("1 dead letter(s) resent."));
    }

    @Test
    public void resendTakesIdsOrAllButNotBoth() {
        DlqResendCommand command = resend(admin(Map.of()));
        assertThat(assertThrows(IllegalArgumentException.class, command::execute).getMessage(),
                containsString("give the message ids to resend, or --all"));
        command.all = true;
        command.msgIds = List.of("0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A");
        assertThat(assertThrows(IllegalArgumentException.class, command::execute).getMessage(),
                containsString("give the message ids to resend, or --all (not both)"));
        assertEquals("nothing asked of the cluster", List.of(), calls);
    }

    @Test
    public void resetWithoutYesPreviewsOnly() {
        OffsetReset preview = new OffsetReset("billing", "Orders", Target.LATEST, false,
                List.of(new QueueChange("b1", 0, 3, 10), new QueueChange("b1", 1, 5, 5)));
        ResetOffsetCommand command = new ResetOffsetCommand();
        command.adapters = TestAdapters.answering(() -> admin(Map.of("previewOffsetReset", preview, "resetOffsets", preview)));
        command.adapterId = "orders";
        command.group = "billing";
        command.topic = "Orders";
        command.to = "latest";
        command.execute();
        assertThat(out.text(), containsString("Messages replayed: 0, skipped: 7"));
        assertThat(out.text(), containsString("Nothing was changed: add --yes"));
        assertEquals(List.of("previewOffsetReset"), calls);

        command.yes = true;
        command.execute();
        assertEquals(List.of("previewOffsetReset", "previewOffsetReset", "resetOffsets"), calls);
    }

    @Test
    public void toTakesEarliestLatestAndTimesWithOrWithoutZone() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertEquals(Target.EARLIEST, ResetOffsetCommand.target("earliest", paris));
        assertEquals(Target.LATEST, ResetOffsetCommand.target("LATEST", paris));
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), ResetOffsetCommand.target("2026-11-27T10:00", paris).time());
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), ResetOffsetCommand.target("2026-11-27T10:00+01:00", ZoneOffset.UTC).time());
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), ResetOffsetCommand.target("2026-11-27T09:00:00Z", paris).time());
        assertThat(assertThrows(IllegalArgumentException.class, () -> ResetOffsetCommand.target("yesterday", paris)).getMessage(),
                containsString("--to 'yesterday' is neither earliest, latest nor a time"));
    }
}
