package io.rocketconnect.impl.adapter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.impl.config.AdapterSettings;

/**
 * What the gRPC protocol does not offer is refused by name, before anything is sent: the endpoint here
 * is a closed port, so a refusal that tried the wire first would fail differently (and slowly), and
 * no gRPC client may have been started.
 */
public class GrpcRefusalsTest {

    private final Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", "grpc-refusals", "transport", "grpc",
            "endpoints", "127.0.0.1:1")));
    private final RocketmqMessage message = RocketmqMessage.to("Refused").body("never sent").build();

    @After
    public void close() {
        adapter.close();
    }

    @Test
    public void stylesTheProtocolLacksAreRefusedByName() {
        assertRefused(() -> adapter.sendOneway(message), "sendOneway is not offered by transport=grpc");
        assertRefused(() -> adapter.sendBatch(List.of(message, message)), "sendBatch is not offered by transport=grpc");
        assertRefused(() -> adapter.request(message, Duration.ofSeconds(1)), "request is not offered by transport=grpc");
        assertRefused(() -> adapter.send(RocketmqMessage.to("Refused").body("x").delayLevel(2).build()),
                "delayLevel 2 is the remoting broker's delay levels");
        assertEquals("nothing was started for a refused call", List.of(), adapter.runningClients());
    }

    @Test
    public void whatHandsOutTheRemotingClientIsRefusedByName() {
        assertRefused(() -> adapter.doProduce("any-group", producer -> { }), "doProduce needs transport=remoting");
        assertRefused(() -> adapter.doConsume("any-group", consumer -> { }), "needs transport=remoting");
        assertRefused(() -> adapter.admin(), "admin needs transport=remoting");
        assertEquals(List.of(), adapter.runningClients());
    }

    @Test
    public void aRefusedSendCountsAsAFailedCallOfItsOperation() {
        assertRefused(() -> adapter.sendOneway(message), "sendOneway");
        OperationStats oneway = adapter.stats().stream().filter(stats -> stats.operation().equals("sendOneway"))
                .findFirst().orElseThrow();
        assertEquals(1, oneway.sinceStart().errors());
    }

    @Test
    public void theSimpleConsumerIsRefusedOnARemotingAdapter() {
        try (Adapter remoting = new Adapter(AdapterSettings.from(Map.of("id", "remoting-only", "namesrvAddr", "127.0.0.1:1")))) {
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> remoting.simpleConsumer("readers", "Refused", "*"));
            assertThat(refused.getMessage(), allOf(containsString("simple consumer needs transport=grpc"),
                    containsString("'remoting-only' has transport=remoting")));
        }
    }

    private static void assertRefused(ThrowingRunnable call, String named) {
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, call);
        assertThat(refused.getMessage(), allOf(containsString(named), containsString("grpc")));
    }
}
