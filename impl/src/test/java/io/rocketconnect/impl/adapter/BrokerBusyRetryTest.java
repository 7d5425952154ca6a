package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.junit.Test;

import io.rocketconnect.impl.call.BrokerBusyRetry;
import io.rocketconnect.impl.config.AdapterSettings;

/** The retry rules on their own, with attempts that answer what the test says. */
public class BrokerBusyRetryTest {

    private static MQBrokerException busy() {
        return new MQBrokerException(ResponseCode.SYSTEM_BUSY, "[TIMEOUT_CLEAN_QUEUE]broker busy");
    }

    private static boolean retryThreadRuns(String adapterId) {
        String name = "rocketconnect-" + adapterId + "-busy-retry";
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name));
    }

    @Test
    public void asyncRetriesStopAfterTheBoundAndTheCallerGetsTheRefusal() {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        try (BrokerBusyRetry retry = new BrokerBusyRetry("unit", 3, 1)) {
            retry.async(callback -> {
                attempts.incrementAndGet();
                callback.onException(busy());
            }, result);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> result.get());
            assertTrue(BrokerBusyRetry.isBrokerBusy(failed.getCause()));
        }
        assertEquals("the first attempt and three retries", 4, attempts.get());
    }

    /**
     * Slack over the jittered delay for a late thread or a GC pause: the build machine has two cores
     * shared with other builds, and a gap 250 ms late was seen with a slack of 150.
     */
    private static final double LATE_TOLERANCE_MILLIS = 400;

    /**
     * The delay before retry {@code retry} (1 for the first) that README and the metatype promise for
     * retryDelayWhenBrokerBusy: the first delay, doubled for each next retry, at most ten times the first.
     */
    private static long nominalDelayMillis(int firstDelayMillis, int retry) {
        return Math.min((long) firstDelayMillis << (retry - 1), 10L * firstDelayMillis);
    }

    /**
     * Asserts the gaps between the starts of the attempts follow the schedule, each within the 25% jitter
     * the settings promise: at least 0.75 of its nominal delay (a retry is never early) and at most 1.25
     * of it plus {@link #LATE_TOLERANCE_MILLIS}.
     */
    private static List<Double> assertBackoff(String what, List<Long> attemptNanos, int firstDelayMillis) {
        List<Double> gaps = new ArrayList<>();
        for (int retry = 1; retry < attemptNanos.size(); retry++) {
            double gap = (attemptNanos.get(retry) - attemptNanos.get(retry - 1)) / 1e6;
            long nominal = nominalDelayMillis(firstDelayMillis, retry);
            gaps.add(gap);
            assertTrue(String.format("%s: retry %d came %.1f ms after the attempt before; the settings say %d ms -25%%..+25%% "
                    + "(%.1f..%.1f ms, +%.0f ms tolerance); all gaps so far %s", what, retry, gap, nominal, 0.75 * nominal,
                    1.25 * nominal, LATE_TOLERANCE_MILLIS, gaps), gap >= 0.75 * nominal && gap <= 1.25 * nominal + LATE_TOLERANCE_MILLIS);
        }
        return gaps;
    }

    @Test
    public void retriesWaitTheBackoffTheSettingsSay() throws Exception {
        AdapterSettings settings = AdapterSettings.from(Map.of("id", "unit-backoff", "namesrvAddr", "127.0.0.1:9876",
                "retryTimesWhenBrokerBusy", "6", "retryDelayWhenBrokerBusy", "100"));
        int retries = settings.config().retryTimesWhenBrokerBusy();
        int firstDelay = settings.config().retryDelayWhenBrokerBusy();
        // 100, 200, 400, 800, then the cap of ten times the first: 1000, 1000.
        try (BrokerBusyRetry retry = new BrokerBusyRetry(settings.id(), retries, firstDelay)) {
            Queue<Long> asyncAttempts = new ConcurrentLinkedQueue<>();
            CompletableFuture<SendResult> result = new CompletableFuture<>();
            retry.async(callback -> {
                asyncAttempts.add(System.nanoTime());
                callback.onException(busy());
            }, result);
            assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
            assertEquals("the first attempt and the retries", retries + 1, asyncAttempts.size());
            List<Double> asyncGaps = assertBackoff("async", List.copyOf(asyncAttempts), firstDelay);

            List<Long> syncAttempts = new ArrayList<>();
            assertThrows(MQBrokerException.class, () -> retry.sync(() -> {
                syncAttempts.add(System.nanoTime());
                throw busy();
            }));
            assertEquals("the first attempt and the retries", retries + 1, syncAttempts.size());
            List<Double> syncGaps = assertBackoff("sync", syncAttempts, firstDelay);
            System.out.printf("BrokerBusyRetryTest, backoff from %d ms, gaps in ms: async %s, sync %s%n", firstDelay,
                    asyncGaps.stream().map(gap -> String.format("%.0f", gap)).toList(),
                    syncGaps.stream().map(gap -> String.format("%.0f", gap)).toList());
        }
    }

    @Test
    public void otherFailuresAreNotRetriedAndNoThreadStarts() {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        try (BrokerBusyRetry retry = new BrokerBusyRetry("unit-other", 3, 1)) {
            retry.async(callback -> {
                attempts.incrementAndGet();
                callback.onException(new MQBrokerException(ResponseCode.NO_PERMISSION, "no permission"));
            }, result);
            assertTrue(result.isCompletedExceptionally());
            // The sync path runs its first attempt outside Failsafe: another failure is still thrown at once.
            MQBrokerException thrown = assertThrows(MQBrokerException.class, () -> retry.sync(() -> {
                attempts.incrementAndGet();
                throw new MQBrokerException(ResponseCode.NO_PERMISSION, "no permission");
            }));
            assertEquals(ResponseCode.NO_PERMISSION, thrown.getResponseCode());
        }
        assertEquals("one attempt each, async and sync", 2, attempts.get());
        assertFalse(retryThreadRuns("unit-other"));
    }

    @Test
    public void aRetryThatSucceedsCompletesTheCaller() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        SendResult ok = new SendResult();
        ok.setSendStatus(SendStatus.SEND_OK);
        try (BrokerBusyRetry retry = new BrokerBusyRetry("unit-ok", 3, 1)) {
            retry.async(callback -> {
                if (attempts.incrementAndGet() < 3) {
                    callback.onException(busy());
                } else {
                    callback.onSuccess(ok);
                }
            }, result);
            assertEquals(ok, result.get());
            assertEquals(3, attempts.get());
            assertEquals("a sync send the same way", "sent", retry.sync(() -> {
                if (attempts.incrementAndGet() < 5) {
                    throw busy();
                }
                return "sent";
            }));
        }
    }

    @Test
    public void closingFailsTheSendsWaitingForARetryAndStopsItsThread() {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        BrokerBusyRetry retry = new BrokerBusyRetry("unit-closing", 3, 60_000);
        retry.async(callback -> callback.onException(busy()), result);
        assertFalse("waiting a minute for its retry", result.isDone());
        assertTrue(retryThreadRuns("unit-closing"));
        retry.close();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> result.get());
        assertThat(failed.getCause(), instanceOf(IllegalStateException.class));
        assertThat(failed.getCause().getMessage(), containsString("was closed while this send waited to retry a busy broker"));
        assertThat(failed.getCause().getMessage(), containsString("The broker had refused it: [TIMEOUT_CLEAN_QUEUE]broker busy"));
        assertTrue("the refusal is the cause", BrokerBusyRetry.isBrokerBusy(failed.getCause().getCause()));
        await().atMost(Duration.ofSeconds(10)).until(() -> !retryThreadRuns("unit-closing"));
    }

    @Test
    public void withoutRetriesASyncRefusalIsThrownAsItCame() {
        try (BrokerBusyRetry retry = new BrokerBusyRetry("unit-none", 0, 1)) {
            MQBrokerException thrown = assertThrows(MQBrokerException.class, () -> retry.sync(() -> {
                throw busy();
            }));
            assertEquals(ResponseCode.SYSTEM_BUSY, thrown.getResponseCode());
            assertThat(retry.describeRefusal(), containsString("retryTimesWhenBrokerBusy=0, not retried"));
        }
    }
}
