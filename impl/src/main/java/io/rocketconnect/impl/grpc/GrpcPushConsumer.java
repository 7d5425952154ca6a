package io.rocketconnect.impl.grpc;

import java.util.concurrent.atomic.AtomicBoolean;

import io.rocketconnect.api.ConsumerHandle;

/** The handle of a gRPC push consumer a listener runs on; closing it stops the consumer. */
final class GrpcPushConsumer implements ConsumerHandle {

    private final String adapterId;
    private final String consumerGroup;
    private final Runnable stop;
    private final AtomicBoolean running = new AtomicBoolean(true);

    GrpcPushConsumer(String adapterId, String consumerGroup, Runnable stop) {
        this.adapterId = adapterId;
        this.consumerGroup = consumerGroup;
        this.stop = stop;
    }

    @Override
    public String adapterId() {
        return adapterId;
    }

    @Override
    public String consumerGroup() {
        return consumerGroup;
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Marks it stopped without stopping the client again (the adapter closed every client). */
    void stopped() {
        running.set(false);
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            stop.run();
        }
    }
}
