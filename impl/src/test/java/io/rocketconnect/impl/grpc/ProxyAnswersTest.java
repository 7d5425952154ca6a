package io.rocketconnect.impl.grpc;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.ExecutionException;

import org.apache.rocketmq.client.apis.ClientException;
import org.junit.Test;

/** How a probe reads the Proxy's answer out of a failed client start. */
public class ProxyAnswersTest {

    @Test
    public void theResponseCodeIsFoundUnderGuavasFailedStart() {
        // As client 5.0.8 fails a producer whose topic the Proxy does not know.
        Throwable failedStart = new IllegalStateException("Expected the service ProducerImpl to be RUNNING, but the service has FAILED",
                new ExecutionException(new ClientException(GrpcClients.TOPIC_NOT_FOUND, "0A1B", "CODE: TOPIC_NOT_FOUND, MESSAGE: topic not found")));
        assertEquals(40402, GrpcClients.responseCode(failedStart));
    }

    @Test
    public void aFailureWithoutAnAnswerHasNoCode() {
        assertEquals(-1, GrpcClients.responseCode(new IllegalStateException(new ExecutionException(
                new java.net.ConnectException("Connection refused")))));
        assertEquals(-1, GrpcClients.responseCode(new ClientException("timeout")));
    }
}
