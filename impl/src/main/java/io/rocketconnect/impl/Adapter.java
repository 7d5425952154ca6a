package io.rocketconnect.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MQProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ConsumerSetup;
import io.rocketconnect.api.ProducerCallback;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqException;

/**
 * One adapter's clients: a started producer per group, created on first use and shared after that,
 * and the push consumers its callers started. All of them use one RocketMQ client instance of their
 * own (a unique {@code instanceName}), so two adapters never share connections, threads or a
 * NameServer address.
 */
final class Adapter implements RocketmqAPI, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Adapter.class);

    /** RocketMQ's own rule for group names (client Validators.checkGroup). */
    private static final Pattern GROUP = Pattern.compile("[%|a-zA-Z0-9_-]{1,255}");
    /** How long close() lets running callbacks finish before it stops the clients under them. */
    private static final long CLOSE_GRACE_SECONDS = 10;
    /** Sets each adapter generation apart: a reconfigured adapter runs beside its predecessor briefly. */
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final AdapterSettings settings;
    private final String instanceName;
    private final ConcurrentMap<String, MQProducer> producers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RunningConsumer> consumers = new ConcurrentHashMap<>();
    /** Calls hold the read lock; close() takes the write lock, so it waits for calls under way. */
    private final ReadWriteLock calls = new ReentrantReadWriteLock();
    private final List<DefaultMQProducer> startedProducers = new ArrayList<>();
    private volatile boolean closed;

    Adapter(AdapterSettings settings) {
        this.settings = settings;
        this.instanceName = "rocketconnect-" + settings.id() + "-" + GENERATIONS.incrementAndGet();
    }

    AdapterSettings settings() {
        return settings;
    }

    /** The RocketMQ client instance name all of this adapter's clients share. */
    String instanceName() {
        return instanceName;
    }

    @Override
    public String adapterId() {
        return settings.id();
    }

    @Override
    public void doProduce(String producerGroup, ProducerCallback callback) {
        checkGroup("producerGroup", producerGroup);
        Objects.requireNonNull(callback, "callback");
        calls.readLock().lock();
        try {
            checkOpen();
            MQProducer producer = producers.computeIfAbsent(producerGroup, this::startProducer);
            callback.produce(producer);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RocketmqException(adapterId(), "interrupted while producing to group " + producerGroup, e);
        } catch (Exception e) {
            throw new RocketmqException(adapterId(), "producer callback of group " + producerGroup
                    + " failed: " + e, e);
        } finally {
            calls.readLock().unlock();
        }
    }

    @Override
    public ConsumerHandle doConsume(String consumerGroup, ConsumerSetup setup) {
        checkGroup("consumerGroup", consumerGroup);
        Objects.requireNonNull(setup, "setup");
        calls.readLock().lock();
        try {
            checkOpen();
            RunningConsumer running = new RunningConsumer(consumerGroup);
            if (consumers.putIfAbsent(consumerGroup, running) != null) {
                throw new IllegalStateException("Adapter '" + adapterId() + "' already runs a consumer of group "
                        + consumerGroup + "; close its handle first");
            }
            try {
                running.start(setup);
            } catch (Exception | Error e) {
                consumers.remove(consumerGroup, running);
                running.shutdown();
                throw e;
            }
            return running;
        } finally {
            calls.readLock().unlock();
        }
    }

    /**
     * Refuses new calls, lets the ones under way finish (up to a grace period), then stops every
     * consumer and producer. The client instance and its threads go with the last of them.
     */
    @Override
    public void close() {
        closed = true;
        boolean drained = false;
        try {
            drained = calls.writeLock().tryLock(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            if (!drained) {
                LOG.warn("Adapter '{}': calls still running after {} s; stopping its clients under them",
                        adapterId(), CLOSE_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (RunningConsumer consumer : consumers.values()) {
                consumer.close();
            }
            List<DefaultMQProducer> toStop;
            synchronized (startedProducers) {
                toStop = new ArrayList<>(startedProducers);
                startedProducers.clear();
            }
            for (DefaultMQProducer producer : toStop) {
                shutdownQuietly(producer);
            }
            producers.clear();
        } finally {
            if (drained) {
                calls.writeLock().unlock();
            }
        }
        LOG.info("Adapter '{}' closed its clients ({})", adapterId(), instanceName);
    }

    private MQProducer startProducer(String group) {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(settings.namesrvAddr());
        producer.setInstanceName(instanceName);
        try {
            producer.start();
        } catch (Exception e) {
            shutdownQuietly(producer);
            throw new RocketmqException(adapterId(), "producer of group " + group + " did not start: " + e, e);
        }
        synchronized (startedProducers) {
            startedProducers.add(producer);
        }
        LOG.info("Adapter '{}' started producer group {} ({})", adapterId(), group, instanceName);
        return LifecycleGuard.guard(MQProducer.class, producer,
                "producer group " + group + " of adapter '" + adapterId() + "'");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Adapter '" + adapterId()
                    + "' is closed (its configuration was changed or deleted); look the adapter up again");
        }
    }

    private static void checkGroup(String what, String group) {
        if (group == null || !GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException(what + " '" + group
                    + "' is not a valid RocketMQ group: 1 to 255 of the characters a-z A-Z 0-9 _ - % |");
        }
    }

    private void shutdownQuietly(DefaultMQProducer producer) {
        try {
            producer.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Adapter '{}': producer group {} did not shut down cleanly: {}",
                    adapterId(), producer.getProducerGroup(), e.toString());
        }
    }

    /** A push consumer started by doConsume; the handle the caller closes. */
    private final class RunningConsumer implements ConsumerHandle {

        private final String group;
        private final DefaultMQPushConsumer consumer;
        private volatile boolean running;

        RunningConsumer(String group) {
            this.group = group;
            this.consumer = new DefaultMQPushConsumer(group);
            consumer.setNamesrvAddr(settings.namesrvAddr());
            consumer.setInstanceName(instanceName);
            consumer.setConsumeThreadMin(settings.effectiveConsumeThreadMin());
            consumer.setConsumeThreadMax(settings.effectiveConsumeThreadMax());
            consumer.setConsumeMessageBatchMaxSize(settings.consumeMessageBatchMaxSize());
        }

        void start(ConsumerSetup setup) {
            try {
                setup.setup(LifecycleGuard.guard(MQPushConsumer.class, consumer,
                        "consumer group " + group + " of adapter '" + adapterId() + "'"));
                consumer.start();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new RocketmqException(adapterId(), "consumer of group " + group + " did not start: " + e, e);
            }
            running = true;
            LOG.info("Adapter '{}' started consumer group {} ({})", adapterId(), group, instanceName);
        }

        @Override
        public String adapterId() {
            return Adapter.this.adapterId();
        }

        @Override
        public String consumerGroup() {
            return group;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public void close() {
            if (consumers.remove(group, this)) {
                shutdown();
                LOG.info("Adapter '{}' stopped consumer group {}", adapterId(), group);
            }
        }

        void shutdown() {
            running = false;
            try {
                consumer.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("Adapter '{}': consumer group {} did not shut down cleanly: {}",
                        adapterId(), group, e.toString());
            }
        }
    }
}
