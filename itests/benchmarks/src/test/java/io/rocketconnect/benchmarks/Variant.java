package io.rocketconnect.benchmarks;

import java.util.function.Consumer;

/** A way to send or consume, with the same operations whoever implements them ({@link Variants} makes them). */
interface Variant extends AutoCloseable {
    void sendSync() throws Exception;

    void sendAsync(Runnable done, Consumer<Throwable> failed) throws Exception;

    void consume(String topic, String group, Runnable received) throws Exception;

    void stopConsuming() throws Exception;
}
