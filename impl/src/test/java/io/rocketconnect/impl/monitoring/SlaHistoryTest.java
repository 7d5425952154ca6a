package io.rocketconnect.impl.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import io.rocketconnect.api.OperationHistory;
import io.rocketconnect.api.RocketmqAPI;

/** The per-minute points behind the console's charts, from the same slots as the figures of the last minute. */
public class SlaHistoryTest {

    private static final long MINUTE = 60_000;
    /** A whole minute, so minute boundaries fall where the test puts them. */
    private final AtomicLong now = new AtomicLong(28_000_000L * MINUTE);
    private final SlaMetrics metrics = new SlaMetrics(now::get, true);

    private void callsAt(long offsetMillis, int calls, int errors, long latencyMillis) {
        now.set(28_000_000L * MINUTE + offsetMillis);
        for (int i = 0; i < calls; i++) {
            metrics.record("send", TimeUnit.MILLISECONDS.toNanos(latencyMillis), i < errors);
        }
    }

    private List<OperationHistory.Minute> points() {
        List<OperationHistory> history = metrics.history();
        assertEquals(1, history.size());
        return history.get(0).minutes();
    }

    @Test
    public void eachMinuteHasItsOwnCallsErrorsAndLatency() {
        callsAt(5_000, 10, 2, 3);
        callsAt(55_000, 10, 0, 3);
        callsAt(MINUTE + 15_000, 4, 4, 200);
        List<OperationHistory.Minute> points = points();
        assertEquals(2, points.size());
        OperationHistory.Minute first = points.get(0);
        assertEquals(Instant.ofEpochMilli(28_000_000L * MINUTE), first.start());
        assertEquals(20, first.calls());
        assertEquals(2, first.errors());
        assertEquals(3.0, first.p99Millis(), 0.1);
        assertTrue("a finished minute", first.complete());
        OperationHistory.Minute second = points.get(1);
        assertEquals(4, second.calls());
        assertEquals(4, second.errors());
        assertEquals(200.0, second.p50Millis(), 2.0);
        assertFalse("the minute under way", second.complete());
    }

    @Test
    public void minutesSurviveTheirSlotsBeingReplaced() {
        // one call every 10 s for 90 minutes: every slot is replaced many times over
        for (long t = 0; t < 90 * MINUTE; t += 10_000) {
            callsAt(t, 1, t % MINUTE == 0 ? 1 : 0, 5);
        }
        List<OperationHistory.Minute> points = points();
        assertEquals("the hour before and the minute under way", RocketmqAPI.HISTORY_MINUTES + 1, points.size());
        for (int i = 0; i < points.size(); i++) {
            OperationHistory.Minute point = points.get(i);
            assertEquals(Instant.ofEpochMilli(28_000_000L * MINUTE + (29 + i) * MINUTE), point.start());
            assertEquals("six calls in minute " + i, 6, point.calls());
            assertEquals(1, point.errors());
        }
    }

    @Test
    public void quietMinutesHaveNoPointAndOldOnesAgeOut() {
        callsAt(0, 3, 0, 1);
        callsAt(30 * MINUTE, 2, 0, 1);
        assertEquals(List.of(3L, 2L), points().stream().map(OperationHistory.Minute::calls).toList());
        now.set(28_000_000L * MINUTE + 61 * MINUTE);
        assertEquals("the minute an hour and one minute ago is gone", List.of(2L),
                points().stream().map(OperationHistory.Minute::calls).toList());
    }

    @Test
    public void theHistoryIsBounded() {
        for (long t = 0; t < 600 * MINUTE; t += 10_000) {
            callsAt(t, 1, 0, 1);
        }
        assertTrue(points().size() <= RocketmqAPI.HISTORY_MINUTES + 1);
    }
}
