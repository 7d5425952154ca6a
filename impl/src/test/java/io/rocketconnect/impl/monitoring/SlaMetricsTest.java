package io.rocketconnect.impl.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import io.rocketconnect.api.OperationStats;

public class SlaMetricsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SlaMetrics metrics = new SlaMetrics(now::get, true);

    private static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    public void countsCallsErrorsAndPercentilesPerOperation() {
        for (int i = 1; i <= 100; i++) {
            metrics.record("send", millis(i), i % 10 == 0);
        }
        metrics.record("sendAsync", millis(5), false);
        List<OperationStats> stats = metrics.snapshot();
        assertEquals(List.of("send", "sendAsync"), stats.stream().map(OperationStats::operation).toList());
        OperationStats.Figures send = stats.get(0).sinceStart();
        assertEquals(100, send.calls());
        assertEquals(10, send.errors());
        assertEquals(0.1, send.errorRate(), 1e-9);
        assertEquals(50.0, send.p50Millis(), 1.0);
        assertEquals(99.0, send.p99Millis(), 1.0);
        assertEquals(100.0, send.maxMillis(), 1.0);
        assertEquals(send, stats.get(0).lastMinute());
    }

    @Test
    public void theLastMinuteForgetsOlderCallsButSinceStartKeepsThem() {
        metrics.record("send", millis(500), true);
        now.addAndGet(TimeUnit.SECONDS.toMillis(30));
        metrics.record("send", millis(2), false);
        assertEquals(2, metrics.snapshot().get(0).lastMinute().calls());

        now.addAndGet(TimeUnit.SECONDS.toMillis(45));
        OperationStats send = metrics.snapshot().get(0);
        assertEquals("only the call 45 s ago is in the last minute", 1, send.lastMinute().calls());
        assertEquals(0, send.lastMinute().errors());
        assertTrue(send.lastMinute().maxMillis() < 10);
        assertEquals(2, send.sinceStart().calls());
        assertEquals(1, send.sinceStart().errors());
    }

    @Test
    public void sinceStartKeepsTheCallsOfSlotsThatWereReplaced() {
        // 20 calls 10 s apart: each of the six slots is replaced twice or more, and one call in four fails.
        for (int i = 0; i < 20; i++) {
            metrics.record("send", millis(i + 1), i % 4 == 0);
            now.addAndGet(TimeUnit.SECONDS.toMillis(10));
        }
        OperationStats send = metrics.snapshot().get(0);
        assertEquals(20, send.sinceStart().calls());
        assertEquals(5, send.sinceStart().errors());
        assertEquals(20.0, send.sinceStart().maxMillis(), 0.2);
        assertEquals("the minute holds the last five slots' calls", 5, send.lastMinute().calls());
    }

    @Test
    public void aWindowCoversWholeSlotsOfOneOperationOrAll() {
        metrics.record("send", millis(500), true);
        now.addAndGet(TimeUnit.SECONDS.toMillis(20));
        metrics.record("send", millis(2), false);
        metrics.record("sendAsync", millis(3), true);
        assertEquals("10 s: the slot under way and the one before", 2, metrics.window(java.time.Duration.ofSeconds(10), null).calls());
        now.addAndGet(TimeUnit.SECONDS.toMillis(10));
        assertEquals("just past a slot boundary the last slot still counts", 2,
                metrics.window(java.time.Duration.ofSeconds(10), null).calls());
        now.addAndGet(TimeUnit.SECONDS.toMillis(-10));
        assertEquals(1, metrics.window(java.time.Duration.ofSeconds(10), "send").calls());
        OperationStats.Figures lastHalfMinute = metrics.window(java.time.Duration.ofSeconds(30), null);
        assertEquals(3, lastHalfMinute.calls());
        assertEquals(2, lastHalfMinute.errors());
        assertEquals(500.0, lastHalfMinute.maxMillis(), 5.0);
        assertEquals(0, metrics.window(java.time.Duration.ofSeconds(10), "request").calls());
    }

    @Test
    public void disabledMetricsRecordNothing() {
        SlaMetrics.DISABLED.record("send", millis(1), false);
        assertTrue(SlaMetrics.DISABLED.snapshot().isEmpty());
    }
}
