package io.rocketconnect.impl;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
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

    /**
     * Streams {@code messages} sends to {@code topic}, runs {@code takeAway} after 5,000 are
     * acknowledged and {@code bringBack} once sends fail; asserts the promises above and returns
     * what was measured, as a line to print.
     */
    static String streamThrough(Adapter adapter, String topic, int messages, Step takeAway, Step bringBack) throws Exception {
        try (PacedSends stream = new PacedSends(adapter, topic, messages, adapter.adapterId() + "-sender")) {
            await().atMost(Duration.ofMinutes(2)).until(() -> stream.acknowledged.size() >= 5000);
            takeAway.run();
            int errorsWhenAway = stream.errors();
            await("sends fail while the broker is away").atMost(Duration.ofMinutes(1)).until(() -> stream.errors() > errorsWhenAway);
            bringBack.run();
            long back = System.nanoTime();
            int sentBeforeBack = stream.started();
            assertTrue("the stream must outlast the outage to show recovery; it was at " + sentBeforeBack,
                    sentBeforeBack < messages - 2000);

            await("an acknowledged send after the broker came back").atMost(RECOVERY).until(() -> stream.lastAcknowledgedNanos() > back);
            Duration recovery = Duration.ofNanos(stream.lastAcknowledgedNanos() - back);
            assertTrue("every send answered", stream.awaitAllAnswered(3, TimeUnit.MINUTES));
            assertEquals("sends that neither got SEND_OK nor a RocketmqException", "[]", stream.unexpected.toString());
            Set<String> acknowledged = stream.acknowledged;
            assertEquals("every send is acknowledged or an error to its caller", messages, acknowledged.size() + stream.errors());

            PacedSends.consumeUntil(adapter, topic, adapter.adapterId() + "-readers", acknowledged, Duration.ofMinutes(2));
            assertThat("seconds from the broker's return to the next acknowledged send", recovery.toSeconds(),
                    lessThanOrEqualTo(RECOVERY.toSeconds()));
            return String.format("%d acknowledged, %d errors to the caller, 0 lost, sending again %d ms after the broker was back",
                    acknowledged.size(), stream.errors(), recovery.toMillis());
        }
    }
}
