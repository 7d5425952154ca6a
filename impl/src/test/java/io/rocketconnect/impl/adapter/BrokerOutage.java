package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The broker goes away and comes back in the middle of a stream of paced sends through one adapter
 * (how it goes away is the test's): every send is answered (SEND_OK or an error to the caller), every
 * acknowledged message is consumed afterwards, and the adapter sends again by itself within 30 s of
 * the broker's return. The stream is paced at 1000 sends a second, as an application sends, so that
 * it outlasts the outage: a failing send is fast, and an unpaced loop would be over before the broker
 * is back.
 */
final class BrokerOutage {

    static final Duration RECOVERY = Duration.ofSeconds(30);

    interface Step {
        void run() throws Exception;
    }

    private BrokerOutage() {
    }

    /** What a stream through an outage came to. */
    record Outcome(int acknowledged, int errors, Set<String> lost, Duration recovery) {
        @Override
        public String toString() {
            return String.format("%d acknowledged, %d errors to the caller, %d lost, sending again %d ms after the broker was back",
                    acknowledged, errors, lost.size(), recovery.toMillis());
        }
    }

    /**
     * Streams {@code messages} sends to {@code topic}, runs {@code takeAway} after 5,000 are
     * acknowledged and {@code bringBack} once sends fail; checks that every send was answered, and
     * returns how many were acknowledged, which of those were never consumed, and how soon after the
     * broker's return a send was acknowledged again (the test asserts on those).
     */
    static Outcome streamThrough(Adapter adapter, String topic, int messages, Step takeAway, Step bringBack) throws Exception {
        try (PacedSends stream = new PacedSends(adapter, topic, messages, adapter.adapterId() + "-sender")) {
            await().atMost(Duration.ofMinutes(2)).until(() -> stream.acknowledgedBy.size() >= 5000);
            takeAway.run();
            int errorsWhenAway = stream.errors();
            await("sends fail while the broker is away").atMost(Duration.ofMinutes(1)).until(() -> stream.errors() > errorsWhenAway);
            bringBack.run();
            long back = System.nanoTime();
            int sentBeforeBack = stream.started();
            assertTrue("the stream must outlast the outage to show recovery; it was at " + sentBeforeBack,
                    sentBeforeBack < messages - 2000);

            await("an acknowledged send after the broker came back").atMost(RECOVERY.multipliedBy(2))
                    .until(() -> stream.lastAcknowledgedNanos() > back);
            Duration recovery = Duration.ofNanos(stream.lastAcknowledgedNanos() - back);
            assertTrue("every send answered", stream.awaitAllAnswered(3, TimeUnit.MINUTES));
            assertEquals("sends that neither got SEND_OK nor a RocketmqException", "[]", stream.unexpected.toString());
            Set<String> acknowledged = stream.acknowledged();
            assertEquals("every send is acknowledged or an error to its caller", messages, acknowledged.size() + stream.errors());

            Set<String> lost = PacedSends.neverConsumed(adapter, topic, adapter.adapterId() + "-readers", acknowledged,
                    Duration.ofMinutes(2));
            return new Outcome(acknowledged.size(), stream.errors(), lost, recovery);
        }
    }
}
