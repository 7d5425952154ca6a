package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * The NameServer goes away for longer than the client's route poll (30 s) while the broker stays up:
 * sends to topics whose route the adapter knows keep working throughout, a topic it never sent to gets
 * a clear error, and after the NameServer comes back (empty) the new topic works by itself, once the
 * broker has registered again on its own schedule. Nothing forces the broker or the client.
 */
public class NameServerOutageTest {

    /** The 4.x client's pollNameServerInterval: the outage outlasts at least one route poll. */
    private static final Duration ROUTE_POLL = Duration.ofSeconds(30);
    private static final Duration OUTAGE = ROUTE_POLL.plusSeconds(5);
    /** The broker registers every registerNameServerPeriod (30 s); the client then finds the route on its next send. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);
    private static final Duration PACE = Duration.ofMillis(100);

    @Rule
    public final ClosedAfterEachTest closed = new ClosedAfterEachTest();

    @Test
    public void knownRoutesKeepSendingThroughAnOutageLongerThanTheRoutePollAndNewOnesWorkWhenItReturns() {
        EmbeddedRocketmq broker = closed.add(EmbeddedRocketmq.start());
        broker.createTopic("KnownTopic", 2);
        broker.createTopic("NewTopic", 2);
        Adapter adapter = closed.add(new Adapter(AdapterSettings.from(Map.of("id", "namesrv-outage", "namesrvAddr", broker.namesrvAddr(),
                "sendMsgTimeout", "2000"))));
        adapter.send(RocketmqMessage.to("KnownTopic").body("before").build());
        String namesrv = broker.namesrvAddr();
        AtomicInteger sent = new AtomicInteger(1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        broker.stopNamesrv();
        long down = System.nanoTime();
        RocketmqException noRoute = assertThrows(RocketmqException.class,
                () -> adapter.send(RocketmqMessage.to("NewTopic").body("refused").build()));
        // The client throws this one unchecked (IllegalStateException); the adapter hands it over as a
        // RocketMQ failure that says which NameServer it could not reach.
        assertThat(noRoute.getMessage(), containsString("send to NewTopic failed"));
        assertThat(noRoute.getMessage(), containsString(namesrv + " is a NameServer of this adapter: is it running?"));
        // A send every 100 ms to the known topic, for longer than one route poll.
        await("sends to a known topic for " + OUTAGE.toSeconds() + " s without a NameServer").atMost(OUTAGE.plusSeconds(30))
                .pollInterval(PACE).until(() -> {
                    sendKnown(adapter, sent, failures);
                    return System.nanoTime() - down >= OUTAGE.toNanos();
                });
        int sentDuringOutage = sent.get() - 1;

        broker.restartNamesrv();
        long back = System.nanoTime();
        await("a topic the adapter never sent to, after the NameServer's return").atMost(RECOVERY_BOUND.plusSeconds(15))
                .pollInterval(PACE).ignoreException(RocketmqException.class).until(() -> {
                    sendKnown(adapter, sent, failures);
                    return adapter.send(RocketmqMessage.to("NewTopic").body("after").build()).status() == SendReceipt.Status.SEND_OK;
                });
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);

        assertEquals("sends to the known topic that failed, during and after the outage", "[]", failures.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn("KnownTopic") == sent.get());
        assertEquals("the refused send was not stored", 1, broker.messagesIn("NewTopic"));
        System.out.printf("NameServerOutageTest: %d of %d sent to a known topic during a %d s outage, %d sent in all; "
                + "a new topic worked %.1f s after the NameServer returned%n",
                sentDuringOutage, sentDuringOutage, OUTAGE.toSeconds(), sent.get(), recovery.toMillis() / 1000.0);
        assertThat("time from the NameServer's return to a new topic working", recovery, lessThan(RECOVERY_BOUND));
    }

    private static void sendKnown(Adapter adapter, AtomicInteger sent, ConcurrentLinkedQueue<String> failures) {
        String body = "m-" + sent.get();
        try {
            SendReceipt.Status status = adapter.send(RocketmqMessage.to("KnownTopic").body(body).build()).status();
            if (status != SendReceipt.Status.SEND_OK) {
                failures.add(body + ": " + status);
            }
        } catch (RuntimeException e) {
            failures.add(body + ": " + e);
        }
        sent.incrementAndGet();
    }
}
