package io.rocketconnect.impl.adapter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;

/**
 * The broker is stopped as an operator stops it and started again in the middle of a stream of
 * 20,000 sends: see {@link BrokerOutage} for what must hold. The broker is this test's own (the
 * shared one must stay up).
 */
public class BrokerRestartTest {

    private static final String TOPIC = "RestartTopic";

    @Rule
    public final ClosedAfterEachTest closed = new ClosedAfterEachTest();

    @Test
    public void everyAcknowledgedSendSurvivesABrokerRestartAndTheAdapterRecoversAlone() throws Exception {
        EmbeddedRocketmq broker = closed.add(EmbeddedRocketmq.start());
        broker.createTopic(TOPIC, 4);
        Adapter adapter = closed.add(new Adapter(AdapterSettings.from(Map.of("id", "restart", "namesrvAddr", broker.namesrvAddr(),
                "sendMsgTimeout", "2000", "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET"))));
        BrokerOutage.Outcome outcome = BrokerOutage.streamThrough(adapter, TOPIC, 20_000, broker::stopBroker, broker::restartBroker);
        System.out.println("BrokerRestartTest: " + outcome);
        assertEquals("acknowledged messages never consumed", Set.of(), outcome.lost());
        assertThat("seconds from the broker's return to the next acknowledged send", outcome.recovery().toSeconds(),
                lessThanOrEqualTo(BrokerOutage.RECOVERY.toSeconds()));
    }
}
