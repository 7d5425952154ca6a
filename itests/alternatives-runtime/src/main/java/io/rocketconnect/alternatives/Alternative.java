package io.rocketconnect.alternatives;

import java.util.function.Consumer;

/**
 * One alternative to the connector, as ComparisonBenchmark drives it. The benchmark loads this module's
 * class path in a class loader of its own and calls these methods by reflection, so they take and
 * return JDK types only.
 */
public interface Alternative extends AutoCloseable {

    /** Sends one message and waits for the broker's answer. */
    void sendSync(byte[] body) throws Exception;

    /** Sends one message; {@code done} or {@code failed} runs when the broker answers. */
    void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) throws Exception;

    /** Starts consuming {@code topic} from its first message as {@code group}; each message runs {@code received}. */
    void consume(String topic, String group, Runnable received) throws Exception;

    /**
     * As {@link #consume}, handing each message's body to {@code received}: the end-to-end latency figure
     * reads the send time from it. Only the alternatives in that figure implement it.
     */
    default void consumeBodies(String topic, String group, Consumer<byte[]> received) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not in the end-to-end figure");
    }

    /** Stops the consumer {@link #consume} or {@link #consumeBodies} started, if any. */
    void stopConsuming() throws Exception;

    @Override
    void close() throws Exception;
}
