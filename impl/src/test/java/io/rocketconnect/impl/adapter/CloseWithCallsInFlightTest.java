package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.call.BrokerBusyRetry;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.EmbeddedRocketmq;
import io.rocketconnect.testbroker.TestBroker;

/**
 * README: "closing an adapter lets calls under way finish (up to 10 s), and then closes its clients".
 * A send and a listener call are each held in flight across {@link Adapter#close()}: close waits for
 * them, they finish with their clients still up, the listener's message is stored as consumed (it does
 * not come again), and calls after close are refused by name. An async send that a busy broker refused
 * and that waits for its retry fails at close, promptly, naming the close and the refusal.
 */
public class CloseWithCallsInFlightTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestBroker broker;

    @BeforeClass
    public static void startBroker() {
        broker = BrokerLine.shared();
    }

    private static Adapter adapter(String id) {
        return new Adapter(AdapterSettings.from(new HashMap<>(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"))));
    }

    @Test
    public void aSendUnderWayFinishesBeforeCloseReturnsAndLaterCallsAreRefused() throws Exception {
        String topic = "CloseInFlight_" + System.nanoTime();
        broker.createTopic(topic, 1);
        Adapter adapter = adapter("close-send");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<SendResult> sent = new AtomicReference<>();
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> adapter.doProduce("close-send-producers", producer -> {
            inside.countDown();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            sent.set(producer.send(new Message(topic, "in flight".getBytes(UTF_8))));
        }));
        inside.await(WAIT.toSeconds(), TimeUnit.SECONDS);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(adapter::close);
        await("close waits for the call under way").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> !closing.isDone());
        assertThat(assertThrows(IllegalStateException.class, () -> adapter.send(RocketmqMessage.to(topic).body("late").build()))
                .getMessage(), containsString("Adapter 'close-send' is closed"));

        release.countDown();
        call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("the call finished with its producer still up", SendStatus.SEND_OK, sent.get().getSendStatus());
        assertEquals("and its message is on the broker", 1, broker.messagesIn(topic));
    }

    @Test
    public void aListenerCallUnderWayFinishesBeforeCloseReturnsAndItsMessageIsNotDeliveredAgain() throws Exception {
        String topic = "CloseListener_" + System.nanoTime();
        String group = "close-listener-" + System.nanoTime();
        broker.createTopic(topic, 1);
        Adapter adapter = adapter("close-listener");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        adapter.doConsume(group, setup -> {
            setup.subscribe(topic, "*");
            setup.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                inside.countDown();
                try {
                    if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER; // interrupted by close: not finished
                }
                finished.incrementAndGet();
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        });
        adapter.send(RocketmqMessage.to(topic).body("held").build());
        inside.await(WAIT.toSeconds(), TimeUnit.SECONDS);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(adapter::close);
        await("close waits for the listener call under way").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> !closing.isDone());
        release.countDown();
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("the listener call finished, not interrupted", 1, finished.get());

        // The group's offset on the broker is past the message: a new consumer of the group does not get it.
        try (Adapter next = adapter("close-listener-next")) {
            RocketmqAdmin admin = next.admin();
            List<RocketmqAdmin.QueueProgress> progress = admin.consumerProgress(group);
            assertFalse(progress.isEmpty());
            assertEquals("offset stored past the message when the consumer closed", 0,
                    progress.stream().mapToLong(RocketmqAdmin.QueueProgress::lag).sum());
        }
    }

    /**
     * A broker with one send thread that takes 500 ms a message and refuses a request that waited 30 ms
     * in its queue: of two async sends at once, one is stored and the other refused as busy. With a
     * first retry delay of a minute (45 to 75 s with jitter), the refused one is still waiting when
     * close() comes.
     */
    @Test
    public void anAsyncSendWaitingToRetryABusyBrokerFailsPromptlyAtCloseWithTheReason() throws Exception {
        try (EmbeddedRocketmq busy = EmbeddedRocketmq.start(config -> {
            config.setSendMessageThreadPoolNums(1);
            config.setWaitTimeMillsInSendQueue(30);
        })) {
            busy.createTopic("CloseBusy", 1);
            busy.slowDownSends(Duration.ofMillis(500));
            Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "close-busy", "namesrvAddr", busy.namesrvAddr(),
                    "retryTimesWhenBrokerBusy", "3", "retryDelayWhenBrokerBusy", "60000")));
            adapter.send(RocketmqMessage.to("CloseBusy").body("route known").build());
            List<CompletableFuture<SendReceipt>> sends = List.of(
                    adapter.sendAsync(RocketmqMessage.to("CloseBusy").body("one").build()).toCompletableFuture(),
                    adapter.sendAsync(RocketmqMessage.to("CloseBusy").body("two").build()).toCompletableFuture());
            await("one stored, the other refused as busy and waiting for its retry").atMost(WAIT)
                    .until(() -> sends.stream().filter(CompletableFuture::isDone).count() == 1 && busyRetryThreadRuns("close-busy"));
            CompletableFuture<SendReceipt> stored = sends.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow();
            CompletableFuture<SendReceipt> waiting = sends.stream().filter(send -> !send.isDone()).findFirst().orElseThrow();
            assertEquals(SendReceipt.Status.SEND_OK, stored.get().status());

            long closeStarted = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(adapter::close);
            ExecutionException failed = assertThrows("the waiting send fails within 5 s of close()",
                    ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
            long failedAfterMillis = (System.nanoTime() - closeStarted) / 1_000_000;
            closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long closedAfterMillis = (System.nanoTime() - closeStarted) / 1_000_000;
            System.out.printf("CloseWithCallsInFlightTest: the waiting send failed %d ms after close() began; close returned after %d ms%n",
                    failedAfterMillis, closedAfterMillis);

            assertThat(failed.getCause(), instanceOf(IllegalStateException.class));
            assertThat(failed.getCause().getMessage(), containsString(
                    "Adapter 'close-busy' was closed while this send waited to retry a busy broker; it was not sent again"));
            assertThat(failed.getCause().getMessage(), containsString("The broker had refused it: "));
            assertThat(failed.getCause().getMessage(), containsString("[TIMEOUT_CLEAN_QUEUE]broker busy"));
            assertTrue("the broker's refusal is the cause", BrokerBusyRetry.isBrokerBusy(failed.getCause().getCause()));
            assertThat("failed at close, not after the minute's backoff", failedAfterMillis, lessThan(5_000L));
            await("the retry thread ends with the adapter").atMost(WAIT).until(() -> !busyRetryThreadRuns("close-busy"));
        }
    }

    private static boolean busyRetryThreadRuns(String adapterId) {
        String name = "rocketconnect-" + adapterId + "-busy-retry";
        return Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals(name));
    }
}
