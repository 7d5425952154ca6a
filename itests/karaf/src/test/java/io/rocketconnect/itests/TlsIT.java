package io.rocketconnect.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.inject.Inject;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;

/**
 * An adapter with useTLS in a real Karaf, against a broker that takes TLS only: the client's netty TLS
 * works inside OSGi, and with the CA trusted in etc/system.properties the adapter checks the
 * broker's certificate (so it does not warn). Plain JUnit assertions only (see RocketmqConnectorIT).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsIT {

    @Inject
    @Filter("(adapter.id=secure)")
    private RocketmqAPI secure;

    @Inject
    @Filter("(adapter.id=plain)")
    private RocketmqAPI plain;

    @Configuration
    public Option[] config() {
        return KarafWithTlsBroker.options();
    }

    @Test
    public void anAdapterWithUseTlsSendsAndReceivesInKarafAndChecksTheCertificate() throws Exception {
        assertEquals(SendReceipt.Status.SEND_OK, secure.send(RocketmqMessage.to(KarafWithTlsBroker.TOPIC).body("over TLS in Karaf")
                .build()).status());
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        try (ConsumerHandle handle = secure.doConsume("it-tls-readers", consumer -> {
            consumer.subscribe(KarafWithTlsBroker.TOPIC, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        })) {
            await().atMost(Duration.ofSeconds(60)).until(() -> received.contains("over TLS in Karaf"));
        }
        String log = KarafFiles.karafLog();
        assertFalse("no warning: the certificate is checked", log.contains("Adapter 'secure' talks TLS but does not check"));
    }

    /** The broker really takes TLS only: the plain adapter gets no answer, and its error says what may be wrong. */
    @Test
    public void aPlainAdapterIsToldTheBrokerMayTakeTlsOnly() {
        RocketmqException refused = assertThrows(RocketmqException.class,
                () -> plain.send(RocketmqMessage.to(KarafWithTlsBroker.TOPIC).body("never sent").build()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("take TLS connections only; this adapter has useTLS=false"));
    }
}
