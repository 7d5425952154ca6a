package io.rocketconnect.impl.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.junit.Test;

/** What the error says when a send times out: with TLS, the handshake is named; without, useTLS is. */
public class ClientTlsTest {

    private static Throwable timedOut() {
        return new MQClientException("Send [1] times, still failed",
                new RemotingTimeoutException("wait response on the channel <127.0.0.1:10911> timeout, 1728(ms)"));
    }

    @Test
    public void aTimeoutWithTlsNamesTheHandshakeAndTheClientCertificate() {
        assertThat(ClientTls.hint(timedOut(), true, 2000), allOf(containsString("sendMsgTimeout=2000"),
                containsString("handshake"), containsString("refused"), containsString("tls.client.certPath=")));
    }

    @Test
    public void aTimeoutWithoutTlsSaysTheBrokerMayTakeTlsOnly() {
        assertThat(ClientTls.hint(timedOut(), false, 2000), allOf(containsString("useTLS=false"),
                not(containsString("handshake"))));
    }
}
