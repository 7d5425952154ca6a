package io.rocketconnect.impl.adapter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.BrokerAccounts;
import io.rocketconnect.testbroker.BrokerLine;
import io.rocketconnect.testbroker.ChildProcessRocketmq;
import io.rocketconnect.testbroker.TopicType;

/**
 * A gRPC adapter against a 5.5.0 Proxy with ACL 2.0 on: the right credentials send, a wrong secret is
 * refused with an error that names the adapter's accessKey (never the secret).
 */
public class GrpcAclTest {

    private static final String TOPIC = "GrpcAclTopic";
    private static ChildProcessRocketmq broker;

    @BeforeClass
    public static void startProxy() {
        broker = ChildProcessRocketmq.startWithProxy(BrokerLine.V5, List.of(),
                new BrokerAccounts("grpc-admin", "grpc-admin-secret", null, null));
        broker.createTopic(TOPIC, 2, TopicType.NORMAL);
    }

    @AfterClass
    public static void stopProxy() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Adapter adapter(String id, String secret) {
        return new Adapter(AdapterSettings.from(Map.of("id", id, "transport", "grpc", "endpoints", broker.endpoints(),
                "accessKey", "grpc-admin", ".secretKey", secret, "sendMsgTimeout", "5000")));
    }

    @Test
    public void theRightCredentialsSend() {
        try (Adapter allowed = adapter("grpc-allowed", "grpc-admin-secret")) {
            assertEquals(SendReceipt.Status.SEND_OK, allowed.send(RocketmqMessage.to(TOPIC).body("allowed").build()).status());
        }
    }

    @Test
    public void aWrongSecretIsRefusedByNameWithoutShowingIt() {
        try (Adapter refused = adapter("grpc-refused", "not-the-secret")) {
            RocketmqException e = assertThrows(RocketmqException.class,
                    () -> refused.send(RocketmqMessage.to(TOPIC).body("refused").build()));
            assertThat(e.getMessage(), allOf(containsString("refused the adapter's credentials"),
                    containsString("accessKey 'grpc-admin'"), not(containsString("not-the-secret"))));
        }
    }
}
