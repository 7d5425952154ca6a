package io.rocketconnect.impl.call;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the sends a broker refused with flow control ({@code SYSTEM_BUSY}: "[TIMEOUT_CLEAN_QUEUE]
 * broker busy", "[PCBUSY_CLEAN_QUEUE]", "[REJECTREQUEST]"), which the 4.x client hands straight to
 * the caller. Bounded by the adapter's {@code retryTimesWhenBrokerBusy}, with a doubling delay from
 * {@code retryDelayWhenBrokerBusy}; when they run out the caller gets the broker's refusal.
 * <p>
 * Failsafe's RetryPolicy decides whether and when to retry. A sync send waits out the delay on the
 * caller's thread, as the client's own retries do. An async send's retry waits on one scheduler thread
 * of this adapter, started at the first busy refusal (an adapter that never meets one has no thread).
 * On close, retries still waiting fail their callers, naming the close and the broker's refusal: nothing
 * is dropped without an answer.
 */
public final class BrokerBusyRetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerBusyRetry.class);

    /** A send attempt; may throw what the client throws. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    /** An async send attempt with the callback that receives its outcome. */
    @FunctionalInterface
    public interface AsyncAttempt {
        void run(SendCallback callback) throws Exception;
    }

    private final String adapterId;
    private final int retries;
    /** Null when retries is 0. */
    private final RetryPolicy<Object> policy;
    /** Async sends waiting for their retry, each with the busy refusal it waits to retry. */
    private final Map<CompletableFuture<SendResult>, Throwable> waiting = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private boolean closed;

    public BrokerBusyRetry(String adapterId, int retries, int firstDelayMillis) {
        this.adapterId = adapterId;
        this.retries = retries;
        this.policy = retries == 0 ? null : RetryPolicy.builder()
                .handleIf(BrokerBusyRetry::isBrokerBusy)
                .withMaxRetries(retries)
                .withBackoff(Duration.ofMillis(firstDelayMillis), Duration.ofMillis(firstDelayMillis * 10L))
                .withJitter(0.25)
                .build();
    }

    /** True for the broker's flow-control refusal. */
    public static boolean isBrokerBusy(Throwable failure) {
        return failure instanceof MQBrokerException && ((MQBrokerException) failure).getResponseCode() == ResponseCode.SYSTEM_BUSY;
    }

    /** What a caller whose send was refused as busy is told besides the broker's words. */
    public String describeRefusal() {
        return " (the broker was busy: flow control; " + (retries == 0 ? "retryTimesWhenBrokerBusy=0, not retried"
                : "retried " + retries + " times, retryTimesWhenBrokerBusy=" + retries) + ")";
    }

    /**
     * Runs {@code attempt}, again after a delay while the broker refuses it as busy and retries are left.
     * The first attempt runs directly: building a Failsafe execution for every send cost about a tenth
     * of the connector's own CPU per send and half its allocations (SendPathProfile), for a refusal
     * most sends never meet. From the first busy refusal on, Failsafe's execution decides.
     */
    public <T> T sync(Attempt<T> attempt) throws Exception {
        try {
            return attempt.run();
        } catch (Exception first) {
            if (policy == null || !isBrokerBusy(first)) {
                throw first;
            }
            return retryAfter(first, attempt);
        }
    }

    private <T> T retryAfter(Exception refusal, Attempt<T> attempt) throws Exception {
        Execution<Object> execution = Execution.of(policy);
        Exception last = refusal;
        execution.recordException(last);
        while (!execution.isComplete()) {
            TimeUnit.NANOSECONDS.sleep(execution.getDelay().toNanos()); // waits on the caller's thread, as the client's retries do
            try {
                T result = attempt.run();
                execution.recordResult(result);
                return result;
            } catch (Exception e) {
                last = e;
                execution.recordException(e);
            }
        }
        throw last;
    }

    /**
     * Starts {@code attempt}; {@code result} completes with its outcome, or with a later attempt's if
     * the broker refused it as busy and retries are left.
     */
    public void async(AsyncAttempt attempt, CompletableFuture<SendResult> result) {
        start(attempt, result, null);
    }

    private void start(AsyncAttempt attempt, CompletableFuture<SendResult> result, Execution<Object> execution) {
        try {
            attempt.run(new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    result.complete(sendResult);
                }

                @Override
                public void onException(Throwable failure) {
                    retryOrFail(attempt, result, execution, failure);
                }
            });
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }

    private void retryOrFail(AsyncAttempt attempt, CompletableFuture<SendResult> result, Execution<Object> execution,
            Throwable failure) {
        if (policy == null || !isBrokerBusy(failure)) {
            result.completeExceptionally(failure);
            return;
        }
        Execution<Object> retry = execution != null ? execution : Execution.of(policy);
        retry.recordException(failure);
        if (retry.isComplete()) {
            result.completeExceptionally(failure);
            return;
        }
        waiting.put(result, failure);
        try {
            scheduler().schedule(() -> {
                if (waiting.remove(result) != null) {
                    start(attempt, result, retry);
                }
            }, retry.getDelay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException | IllegalStateException closing) {
            if (waiting.remove(result) != null) {
                result.completeExceptionally(closedWhileWaiting(failure));
            }
        }
    }

    /** What a send still waiting for its retry fails with when the adapter closes: the close and the refusal. */
    private IllegalStateException closedWhileWaiting(Throwable refusal) {
        return new IllegalStateException("Adapter '" + adapterId + "' was closed while this send waited to retry a busy "
                + "broker; it was not sent again. The broker had refused it: " + (refusal instanceof MQBrokerException broker
                        ? broker.getErrorMessage() + " (SYSTEM_BUSY)" : refusal.getMessage()), refusal);
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "rocketconnect-" + adapterId + "-busy-retry");
                thread.setDaemon(true);
                return thread;
            });
            LOG.info("Adapter '{}': the broker refused a send as busy; async retries wait on their own thread now", adapterId);
        }
        return scheduler;
    }

    /** Stops the scheduler; every async send still waiting for its retry fails with the reason. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        for (CompletableFuture<SendResult> result : waiting.keySet()) {
            Throwable refusal = waiting.remove(result);
            if (refusal != null) {
                result.completeExceptionally(closedWhileWaiting(refusal));
            }
        }
    }
}
