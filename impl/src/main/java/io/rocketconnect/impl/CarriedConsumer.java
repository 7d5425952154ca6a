package io.rocketconnect.impl;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ConsumerSetup;

/**
 * The handle doConsume returns. It outlives a reconfiguration of its adapter: the next adapter sets the
 * consumer up again with the caller's own {@link ConsumerSetup} and the handle points at that one. It
 * ends when its caller closes it or the adapter is deleted.
 */
final class CarriedConsumer implements ConsumerHandle {

    private final String group;
    private final ConsumerSetup setup;
    private volatile ConsumerHandle current;
    private volatile Adapter owner;
    private volatile boolean closed;

    CarriedConsumer(String group, ConsumerSetup setup, ConsumerHandle current, Adapter owner) {
        this.group = group;
        this.setup = setup;
        this.current = current;
        this.owner = owner;
    }

    ConsumerSetup setup() {
        return setup;
    }

    boolean isOpen() {
        return !closed;
    }

    /** Points at the consumer the next adapter started; the old one closes with its adapter. */
    void moveTo(ConsumerHandle next, Adapter nextOwner) {
        current = next;
        owner = nextOwner;
    }

    @Override
    public String adapterId() {
        return current.adapterId();
    }

    @Override
    public String consumerGroup() {
        return group;
    }

    @Override
    public boolean isRunning() {
        return !closed && current.isRunning();
    }

    @Override
    public void close() {
        closed = true;
        owner.forget(this);
        current.close();
    }
}
