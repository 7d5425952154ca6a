package io.rocketconnect.impl.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.call.ClientTls;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;
import io.rocketconnect.testbroker.TestCertificates;

/**
 * A broker that takes TLS connections only, its certificate signed by a CA the test makes. An adapter
 * with useTLS sends and receives through it when the JVM trusts that CA; a certificate from another
 * CA, a plain adapter, and TLS that checks no certificate each get a message that says so.
 * <p>
 * RocketMQ keeps a client's TLS settings in static fields for the whole JVM (tls.* system properties):
 * each test sets them as an operator's etc/system.properties would, and puts them back.
 */
public class TlsTest {

    private static final String TOPIC = "TlsTopic";

    @ClassRule
    public static TemporaryFolder folder = new TemporaryFolder();

    private static EmbeddedRocketmq broker;
    private static TestCertificates authority;
    private static TestCertificates otherAuthority;

    private boolean testMode;
    private boolean authServer;
    private String trustCertPath;
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeClass
    public static void startTlsBroker() {
        authority = TestCertificates.authority("rocketconnect-test-ca", folder.getRoot().toPath());
        otherAuthority = TestCertificates.authority("someone-elses-ca", folder.getRoot().toPath());
        broker = EmbeddedRocketmq.startWithTls(authority.issueServer("broker"));
        broker.createTopic(TOPIC, 2);
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Before
    public void keepJvmTlsSettingsAndRecordWarnings() {
        testMode = TlsSystemConfig.tlsTestModeEnable;
        authServer = TlsSystemConfig.tlsClientAuthServer;
        trustCertPath = TlsSystemConfig.tlsClientTrustCertPath;
        warnings.start();
        ((Logger) LoggerFactory.getLogger(ClientTls.class)).addAppender(warnings);
    }

    @After
    public void restoreJvmTlsSettings() {
        TlsSystemConfig.tlsTestModeEnable = testMode;
        TlsSystemConfig.tlsClientAuthServer = authServer;
        TlsSystemConfig.tlsClientTrustCertPath = trustCertPath;
        ((Logger) LoggerFactory.getLogger(ClientTls.class)).detachAppender(warnings);
    }

    /** tls.test.mode.enable=false, tls.client.authServer=true, tls.client.trustCertPath=the CA's PEM. */
    private static void jvmTrustsOnly(TestCertificates ca) {
        TlsSystemConfig.tlsTestModeEnable = false;
        TlsSystemConfig.tlsClientAuthServer = true;
        TlsSystemConfig.tlsClientTrustCertPath = ca.certificatePath().toString();
    }

    private static Adapter adapter(String id, boolean useTls) {
        return new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(),
                "useTLS", Boolean.toString(useTls), "sendMsgTimeout", "2000", "retryTimesWhenSendFailed", "0")));
    }

    @Test
    public void anAdapterWithUseTlsSendsAndReceivesThroughABrokerThatTakesTlsOnly() {
        jvmTrustsOnly(authority);
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        try (Adapter adapter = adapter("tls", true)) {
            assertEquals(SendReceipt.Status.SEND_OK, adapter.send(RocketmqMessage.to(TOPIC).tags("tls").body("over TLS").build())
                    .status());
            try (ConsumerHandle consumer = adapter.doConsume("tls-readers", c -> {
                c.subscribe(TOPIC, "tls");
                c.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    messages.forEach(m -> received.add(new String(m.getBody(), UTF_8)));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
            })) {
                await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("over TLS"));
            }
        }
        assertEquals("no warning when the broker's certificate is checked", List.of(), messages(warnings));
    }

    @Test
    public void aBrokerCertificateFromAnotherAuthorityIsRefusedAndTheErrorSaysSo() {
        jvmTrustsOnly(otherAuthority);
        try (Adapter adapter = adapter("tls-untrusted", true)) {
            RocketmqException e = assertThrows(RocketmqException.class,
                    () -> adapter.send(RocketmqMessage.to(TOPIC).body("never sent").build()));
            // Whether the client passes on the certification-path error depends on a race inside it;
            // either way the message names the handshake and the JVM's trusted CA.
            assertThat(e.getMessage(), allOf(containsString("Adapter 'tls-untrusted'"), containsString("handshake"),
                    containsString("not trust"), containsString("tls.client.trustCertPath=" + otherAuthority.certificatePath())));
        }
    }

    @Test
    public void aPlainAdapterAgainstATlsOnlyBrokerIsToldItHasUseTlsFalse() {
        jvmTrustsOnly(authority);
        try (Adapter adapter = adapter("plain", false)) {
            RocketmqException e = assertThrows(RocketmqException.class,
                    () -> adapter.send(RocketmqMessage.to(TOPIC).body("never sent").build()));
            assertThat(e.getMessage(), allOf(containsString("Adapter 'plain'"), containsString("sendMsgTimeout=2000"),
                    containsString("take TLS connections only; this adapter has useTLS=false")));
        }
    }

    /** RocketMQ's defaults (test mode on, authServer off) encrypt but accept any certificate: the adapter warns. */
    @Test
    public void tlsThatChecksNoCertificateIsWarnedAboutOnceAndStillWorks() {
        TlsSystemConfig.tlsTestModeEnable = true;
        TlsSystemConfig.tlsClientAuthServer = false;
        try (Adapter adapter = adapter("tls-unchecked", true)) {
            assertEquals(SendReceipt.Status.SEND_OK, adapter.send(RocketmqMessage.to(TOPIC).body("encrypted").build()).status());
            assertEquals(SendReceipt.Status.SEND_OK, adapter.send("tls-unchecked-second-group",
                    RocketmqMessage.to(TOPIC).body("encrypted").build()).status());
        }
        List<String> logged = messages(warnings);
        assertEquals("one warning for the adapter: " + logged, 1, logged.size());
        assertThat(logged.get(0), allOf(containsString("Adapter 'tls-unchecked'"),
                containsString("does not check the brokers' certificates"), containsString("tls.test.mode.enable=true"),
                containsString("tls.client.trustCertPath"), not(containsString("keyPassword"))));
    }

    private static List<String> messages(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
