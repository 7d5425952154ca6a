package io.rocketconnect.impl.adapter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.testbroker.EmbeddedRocketmq;
import io.rocketconnect.testbroker.TestCertificates;

/**
 * A broker that takes TLS only and requires each client to show a certificate its CA signed (mutual
 * TLS). The client's certificate is JVM-wide in the 4.x client (tls.client.certPath, tls.client.keyPath):
 * with one the CA signed, the adapter sends. Without one, or with one from another CA, the client
 * passes on the broker's TLS alert or, depending on a race inside it, no reason at all: either way
 * the error says the handshake was refused and names the JVM's client certificate.
 */
public class MutualTlsTest {

    private static final String TOPIC = "MutualTlsTopic";

    @ClassRule
    public static TemporaryFolder folder = new TemporaryFolder();

    private static EmbeddedRocketmq broker;
    private static TestCertificates authority;
    private static TestCertificates otherAuthority;

    private final String[] saved = new String[3];
    private boolean savedTestMode;
    private boolean savedAuthServer;

    @BeforeClass
    public static void startBrokerThatRequiresClientCertificates() {
        authority = TestCertificates.authority("mutual-ca", folder.getRoot().toPath());
        otherAuthority = TestCertificates.authority("stranger-ca", folder.getRoot().toPath());
        broker = EmbeddedRocketmq.startWithMutualTls(authority.issueServer("mutual-broker"), authority.certificatePath());
        broker.createTopic(TOPIC, 1);
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Before
    public void keepJvmTlsSettings() {
        saved[0] = TlsSystemConfig.tlsClientTrustCertPath;
        saved[1] = TlsSystemConfig.tlsClientCertPath;
        saved[2] = TlsSystemConfig.tlsClientKeyPath;
        savedTestMode = TlsSystemConfig.tlsTestModeEnable;
        savedAuthServer = TlsSystemConfig.tlsClientAuthServer;
        TlsSystemConfig.tlsTestModeEnable = false;
        TlsSystemConfig.tlsClientAuthServer = true;
        TlsSystemConfig.tlsClientTrustCertPath = authority.certificatePath().toString();
    }

    @After
    public void restoreJvmTlsSettings() {
        TlsSystemConfig.tlsClientTrustCertPath = saved[0];
        TlsSystemConfig.tlsClientCertPath = saved[1];
        TlsSystemConfig.tlsClientKeyPath = saved[2];
        TlsSystemConfig.tlsTestModeEnable = savedTestMode;
        TlsSystemConfig.tlsClientAuthServer = savedAuthServer;
    }

    private static void clientCertificate(TestCertificates.ServerFiles files) {
        TlsSystemConfig.tlsClientCertPath = files == null ? null : files.certificate().toString();
        TlsSystemConfig.tlsClientKeyPath = files == null ? null : files.privateKey().toString();
    }

    private static Adapter adapter(String id) {
        return new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", broker.namesrvAddr(), "useTLS", "true",
                "sendMsgTimeout", "2000", "retryTimesWhenSendFailed", "0")));
    }

    @Test
    public void aClientCertificateTheBrokersCaSignedGetsThrough() {
        clientCertificate(authority.issueServer("orders-app"));
        try (Adapter adapter = adapter("mutual-ok")) {
            assertEquals(SendReceipt.Status.SEND_OK, adapter.send(RocketmqMessage.to(TOPIC).body("mutual").build()).status());
        }
    }

    @Test
    public void withoutAClientCertificateTheErrorPointsAtTheHandshake() {
        clientCertificate(null);
        try (Adapter adapter = adapter("mutual-none")) {
            RocketmqException e = assertThrows(RocketmqException.class,
                    () -> adapter.send(RocketmqMessage.to(TOPIC).body("never sent").build()));
            assertThat(e.getMessage(), allOf(containsString("Adapter 'mutual-none'"),
                    containsString("handshake"), containsString("refused"), containsString("tls.client.certPath=null")));
        }
    }

    @Test
    public void aClientCertificateFromAnotherCaIsRefusedAndTheErrorSaysSo() {
        TestCertificates.ServerFiles stranger = otherAuthority.issueServer("stranger-app");
        clientCertificate(stranger);
        try (Adapter adapter = adapter("mutual-stranger")) {
            RocketmqException e = assertThrows(RocketmqException.class,
                    () -> adapter.send(RocketmqMessage.to(TOPIC).body("never sent").build()));
            assertThat(e.getMessage(), allOf(containsString("handshake"), containsString("refused"),
                    containsString("tls.client.certPath=" + stranger.certificate())));
        }
    }
}
