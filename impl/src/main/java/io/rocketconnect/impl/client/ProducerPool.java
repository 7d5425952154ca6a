package io.rocketconnect.impl.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MQProducer;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.impl.call.Messages;

/**
 * The producers of one adapter: one started producer per group, created on first use and shared after
 * that, and the transactional producers, one per group too. A group sends either plain messages or
 * transactions, never both (its transaction listener would answer the broker's check-backs for the
 * other's messages).
 */
public final class ProducerPool {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerPool.class);

    /** A started producer; {@code guarded} is what doProduce callbacks get (no start/shutdown, requestId stamped). */
    public record PooledProducer(DefaultMQProducer client, MQProducer guarded) {
    }

    /** A started transactional producer and the listener that answers for its group. */
    public record TransactionalProducer(TransactionMQProducer client, TransactionDispatcher listener) {
    }

    private final ClientFactory factory;
    private final Consumer<Message> stamp;
    private final ConcurrentMap<String, PooledProducer> producers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TransactionalProducer> transactional = new ConcurrentHashMap<>();

    /** {@code stamp} sees each message a doProduce callback sends (the adapter's trace context goes on). */
    public ProducerPool(ClientFactory factory, Consumer<Message> stamp) {
        this.factory = factory;
        this.stamp = stamp;
    }

    /** The pooled producer of {@code group}, started on first use; a pooled group needs no new name check. */
    public PooledProducer producer(String group) {
        PooledProducer producer = group == null ? null : producers.get(group);
        if (producer != null) {
            return producer;
        }
        Messages.checkGroup("producerGroup", group);
        return producers.computeIfAbsent(group, this::startProducer);
    }

    /** The transactional producer of {@code group}, started on first use. */
    public TransactionalProducer transactional(String group) {
        Messages.checkGroup("producerGroup", group);
        return transactional.computeIfAbsent(group, g -> {
            if (producers.containsKey(g)) {
                throw new IllegalStateException("producer group " + g + " already sends plain messages on adapter '"
                        + factory.adapterId() + "'; use another group for transactions");
            }
            TransactionMQProducer producer = factory.transactionalProducer(g);
            TransactionDispatcher listener = new TransactionDispatcher(factory.adapterId(), g);
            producer.setTransactionListener(listener);
            start(producer, g);
            return new TransactionalProducer(producer, listener);
        });
    }

    private PooledProducer startProducer(String group) {
        if (transactional.containsKey(group)) {
            throw new IllegalStateException("producer group " + group + " sends transactions on adapter '" + factory.adapterId()
                    + "'; use another group for other sends");
        }
        DefaultMQProducer producer = factory.producer(group);
        start(producer, group);
        return new PooledProducer(producer, LifecycleGuard.guard(MQProducer.class, producer,
                "producer group " + group + " of adapter '" + factory.adapterId() + "'", stamp));
    }

    private void start(DefaultMQProducer producer, String group) {
        try {
            factory.startOneAtATime(producer::start);
        } catch (Exception e) {
            shutdownQuietly(producer);
            throw new RocketmqException(factory.adapterId(), "producer of group " + group + " did not start: " + e, e);
        }
        LOG.info("Adapter '{}' started producer group {} ({})", factory.adapterId(), group, factory.instanceName());
        factory.started();
    }

    /** The producers running now, e.g. {@code "producer orders-producer"}. */
    public List<String> running() {
        List<String> running = new ArrayList<>();
        producers.keySet().forEach(group -> running.add("producer " + group));
        transactional.keySet().forEach(group -> running.add("transactional producer " + group));
        return running;
    }

    /** Shuts every producer down; the pool is empty after. */
    public void closeAll() {
        producers.values().forEach(producer -> shutdownQuietly(producer.client()));
        transactional.values().forEach(producer -> shutdownQuietly(producer.client()));
        producers.clear();
        transactional.clear();
    }

    private void shutdownQuietly(DefaultMQProducer producer) {
        try {
            producer.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Adapter '{}': producer group {} did not shut down cleanly: {}", factory.adapterId(),
                    producer.getProducerGroup(), e.toString());
        }
    }
}
