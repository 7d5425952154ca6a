package io.rocketconnect.impl.adapter;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.ChildProcessRocketmq;

/**
 * The broker process is killed with SIGKILL in the middle of a stream of 30,000 sends (no shutdown,
 * no flush, still registered with the NameServer) and started again on its store: see
 * {@link BrokerOutage} for what must hold. The brokers run in child JVMs, since only a process can
 * be killed: a 4.9.7 one from the test's class path and a 5.x one.
 */
public class BrokerKilledTest {

    private static final String TOPIC = "KilledTopic";

    @Rule
    public final ClosedAfterEachTest closed = new ClosedAfterEachTest();

    @Test
    public void aFourXBroker() throws Exception {
        ChildProcessRocketmq broker = closed.add(ChildProcessRocketmq.start(BrokerLine.V4_9));
        BrokerOutage.Outcome outcome = killAndRestartWhileSending(broker);
        System.out.println("BrokerKilledTest (4.9.7): " + outcome);
        assertEquals("acknowledged messages never consumed", Set.of(), outcome.lost());
        assertThat("seconds from the broker's return to the next acknowledged send", outcome.recovery().toSeconds(),
                lessThanOrEqualTo(BrokerOutage.RECOVERY.toSeconds()));
    }

    @Test
    public void aFiveXBroker() throws Exception {
        ChildProcessRocketmq broker = closed.add(ChildProcessRocketmq.start(BrokerLine.V5));
        BrokerOutage.Outcome outcome = killAndRestartWhileSending(broker);
        System.out.println("BrokerKilledTest (5.x): " + outcome);
        assertEquals("acknowledged messages never consumed", Set.of(), outcome.lost());
        assertThat("seconds from the broker's return to the next acknowledged send", outcome.recovery().toSeconds(),
                lessThanOrEqualTo(BrokerOutage.RECOVERY.toSeconds()));
    }

    private BrokerOutage.Outcome killAndRestartWhileSending(ChildProcessRocketmq broker) throws Exception {
        Adapter adapter = closed.add(new Adapter(AdapterSettings.from(Map.of("id", "killed", "namesrvAddr", broker.namesrvAddr(),
                "sendMsgTimeout", "2000", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"))));
        // The topic comes with its first message, once the broker has registered with the NameServer; on a
        // loaded machine the NameServer's JVM may still be opening its port (the first send's "is it running?").
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsMatching(e -> e.getMessage().contains("No route info")
                || e.getMessage().contains("is a NameServer of this adapter: is it running?"))
                .until(() -> adapter.send(RocketmqMessage.to(TOPIC).body("first").build()).status() == SendReceipt.Status.SEND_OK);
        return BrokerOutage.streamThrough(adapter, TOPIC, 30_000, broker::killBroker, broker::startBroker);
    }
}
