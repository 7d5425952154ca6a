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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.junit.Test;

import io.rocketconnect.impl.call.BrokerBusyRetry;

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
        }
        assertEquals(1, attempts.get());
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
