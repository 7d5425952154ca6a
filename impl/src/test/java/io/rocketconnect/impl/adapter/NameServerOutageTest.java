package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * The NameServer goes away while the broker stays up: sends to topics whose route the adapter knows
 * keep working, a topic it never sent to gets a clear error, and once the NameServer is back the new
 * topic works without any step on the adapter.
 */
public class NameServerOutageTest {

    @Rule
    public final ClosedAfterEachTest closed = new ClosedAfterEachTest();

    @Test
    public void knownRoutesKeepSendingWhileTheNameServerIsDownAndNewOnesWorkWhenItReturns() {
        EmbeddedRocketmq broker = closed.add(EmbeddedRocketmq.start());
        broker.createTopic("KnownTopic", 2);
        broker.createTopic("NewTopic", 2);
        Adapter adapter = closed.add(new Adapter(AdapterSettings.from(Map.of("id", "namesrv-outage", "namesrvAddr", broker.namesrvAddr(),
                "sendMsgTimeout", "2000"))));
        adapter.send(RocketmqMessage.to("KnownTopic").body("before").build());
        String namesrv = broker.namesrvAddr();

        broker.stopNamesrv();
        for (int i = 0; i < 200; i++) {
            assertEquals(SendStatus.SEND_OK, adapter.send(RocketmqMessage.to("KnownTopic").body("during-" + i).build()).getSendStatus());
        }
        RocketmqException noRoute = assertThrows(RocketmqException.class,
                () -> adapter.send(RocketmqMessage.to("NewTopic").body("refused").build()));
        // The client throws this one unchecked (IllegalStateException); the adapter hands it over as a
        // RocketMQ failure that says which NameServer it could not reach.
        assertThat(noRoute.getMessage(), containsString("send to NewTopic failed"));
        assertThat(noRoute.getMessage(), containsString(namesrv + " is a NameServer of this adapter: is it running?"));

        broker.restartNamesrv();
        await("a topic the adapter never sent to, after the NameServer's return").atMost(Duration.ofSeconds(30))
                .ignoreException(RocketmqException.class)
                .until(() -> adapter.send(RocketmqMessage.to("NewTopic").body("after").build()).getSendStatus() == SendStatus.SEND_OK);
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messagesIn("KnownTopic") == 201);
        assertEquals("the refused send was not stored", 1, broker.messagesIn("NewTopic"));
    }
}
