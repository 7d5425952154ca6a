package io.rocketconnect.impl.adapter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.impl.config.AdapterSettings;

/**
 * {@code probe} against a closed port, on both transports: the failure names what did not answer, and
 * is a failed call of operation {@code probe}. What a Proxy that answers says is in GrpcTransportTest.
 */
public class ProbeTest {

    @Test
    public void aProxyThatDoesNotAnswerIsNamedWithItsEndpoints() {
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "probe-grpc", "transport", "grpc",
                "endpoints", "127.0.0.1:1")))) {
            RocketmqException failed = assertThrows(RocketmqException.class, () -> adapter.probe("Probed"));
            assertThat(failed.getMessage(), allOf(containsString("Adapter 'probe-grpc'"),
                    containsString("the Proxy at 127.0.0.1:1 did not answer for the route of Probed")));
            assertEquals(1, probes(adapter).sinceStart().errors());
            assertEquals("the probe's producer is not kept", List.of(), adapter.runningClients());
        }
    }

    @Test
    public void aNameServerThatDoesNotAnswerIsNamed() {
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "probe-remoting", "namesrvAddr", "127.0.0.1:1")))) {
            RocketmqException failed = assertThrows(RocketmqException.class, () -> adapter.probe("Probed"));
            assertThat(failed.getMessage(), allOf(containsString("probe of the route of Probed at 127.0.0.1:1 failed"),
                    containsString("127.0.0.1:1 is a NameServer of this adapter")));
            assertEquals(1, probes(adapter).sinceStart().errors());
        }
    }

    @Test
    public void anInvalidTopicIsRefusedBeforeAnythingIsAsked() {
        try (Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "probe-grpc", "transport", "grpc",
                "endpoints", "127.0.0.1:1")))) {
            assertThrows(IllegalArgumentException.class, () -> adapter.probe("no spaces allowed"));
            assertEquals(List.of(), adapter.stats().stream().filter(s -> s.operation().equals("probe")).toList());
        }
    }

    private static OperationStats probes(Adapter adapter) {
        return adapter.stats().stream().filter(stats -> stats.operation().equals("probe")).findFirst().orElseThrow();
    }
}
