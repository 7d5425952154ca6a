package io.rocketconnect.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RocketmqAPI#probe(String)} found: the cluster's entry point answered, in how long, and
 * whether it knows the topic. An entry point that does not answer, or refuses the adapter's
 * credentials, is not a result but a {@link RocketmqException}.
 *
 * @param transport the adapter's transport, {@code remoting} or {@code grpc}
 * @param address what answered: the adapter's {@code namesrvAddr} on remoting, its {@code endpoints}
 *        (a RocketMQ 5 Proxy) on gRPC
 * @param topic the topic asked for
 * @param topicFound true if the answer was the topic's route; false if the cluster answered that it
 *        has no such topic (it is reachable all the same)
 * @param roundTrip from asking to the answer; on gRPC it includes building and starting the client
 *        that asks
 * @since 2.0
 */
public record ProbeResult(String transport, String address, String topic, boolean topicFound, Duration roundTrip) {

    public ProbeResult {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(roundTrip, "roundTrip");
    }
}
