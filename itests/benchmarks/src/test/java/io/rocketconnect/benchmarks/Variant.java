package io.rocketconnect.benchmarks;

import java.util.function.Consumer;

/**
 * A way to send or consume, with the same operations whoever implements them ({@link Variants} makes
 * them). The same shape as io.rocketconnect.alternatives.Alternative, whose classes are variants too.
 */
interface Variant extends AutoCloseable {
    /** Sends {@code body} to the variant's topic and waits for the broker's answer. */
    void sendSync(byte[] body) throws Exception;

    void sendAsync(byte[] body, Runnable done, Consumer<Throwable> failed) throws Exception;

    /** Starts consuming {@code topic} from its first message as {@code group}; each message runs {@code received}. */
    void consume(String topic, String group, Runnable received) throws Exception;

    /** As {@link #consume}, handing each message's body to {@code received} (the end-to-end figure's send time). */
    void consumeBodies(String topic, String group, Consumer<byte[]> received) throws Exception;

    void stopConsuming() throws Exception;
}
