package io.rocketconnect.impl.client;

import java.util.Set;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ConsumerSetup;

/**
 * The handle doConsume returns. It outlives a reconfiguration of its adapter: the next adapter sets the
 * consumer up again with the caller's own {@link ConsumerSetup} and the handle points at that one. It
 * ends when its caller closes it or the adapter is deleted.
 */
public final class CarriedConsumer implements ConsumerHandle {

    private final String group;
    private final ConsumerSetup setup;
    private volatile ConsumerHandle current;
    /** The handles of the adapter that runs this one's consumer now. */
    private volatile Set<CarriedConsumer> owner;
    private volatile boolean closed;

    public CarriedConsumer(String group, ConsumerSetup setup, ConsumerHandle current, Set<CarriedConsumer> owner) {
        this.group = group;
        this.setup = setup;
        this.current = current;
        this.owner = owner;
        owner.add(this);
    }

    public ConsumerSetup setup() {
        return setup;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Points at the consumer the next adapter started; the old one closes with its adapter. */
    public void moveTo(ConsumerHandle next, Set<CarriedConsumer> nextOwner) {
        Set<CarriedConsumer> previous = owner;
        current = next;
        owner = nextOwner;
        nextOwner.add(this);
        previous.remove(this);
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
        owner.remove(this);
        current.close();
    }
}
