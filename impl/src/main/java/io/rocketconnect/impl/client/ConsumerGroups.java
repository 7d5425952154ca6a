package io.rocketconnect.impl.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.impl.telemetry.AdapterTelemetry;

/**
 * The push consumers of one adapter, at most one per group: doConsume and the listener whiteboard both
 * start theirs here, and each listener runs inside the adapter's telemetry. If the setup throws or the
 * client refuses to start, nothing is left behind.
 */
public final class ConsumerGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroups.class);

    /** Configures a consumer before it starts: subscribes and registers the listener. */
    @FunctionalInterface
    public interface ClientSetup {
        void setup(DefaultMQPushConsumer consumer) throws Exception;
    }

    private final ClientFactory factory;
    private final AdapterTelemetry telemetry;
    private final ConcurrentMap<String, RunningConsumer> running = new ConcurrentHashMap<>();

    public ConsumerGroups(ClientFactory factory, AdapterTelemetry telemetry) {
        this.factory = factory;
        this.telemetry = telemetry;
    }

    /**
     * Creates, sets up and starts the consumer of {@code group}.
     *
     * @throws IllegalStateException if this adapter already runs a consumer of that group
     * @throws RocketmqException if the setup or the client's start fails with a checked exception
     */
    public ConsumerHandle start(String group, ConsumerOptions options, ClientSetup setup) {
        RunningConsumer consumer = new RunningConsumer(group, factory.pushConsumer(group, options));
        if (running.putIfAbsent(group, consumer) != null) {
            throw new IllegalStateException("Adapter '" + factory.adapterId() + "' already runs a consumer of group "
                    + group + "; close its handle first");
        }
        try {
            consumer.start(setup);
        } catch (RuntimeException | Error e) {
            running.remove(group, consumer);
            consumer.shutdown();
            throw e;
        }
        return consumer;
    }

    /** The consumers running now, e.g. {@code "consumer order-audit"}. */
    public List<String> running() {
        List<String> groups = new ArrayList<>();
        running.keySet().forEach(group -> groups.add("consumer " + group));
        return groups;
    }

    /**
     * Stores on the broker where the consumer of {@code group} has got to, before a consumer of the same
     * group takes its queues over (see {@link OffsetHandOver}); nothing if this adapter runs none.
     */
    public void handOver(String group) {
        RunningConsumer consumer = running.get(group);
        if (consumer != null) {
            consumer.handOver();
        }
    }

    public void closeAll() {
        running.values().forEach(RunningConsumer::close);
    }

    /** A started push consumer; the handle its starter closes. */
    private final class RunningConsumer implements ConsumerHandle {

        private final String group;
        private final DefaultMQPushConsumer consumer;
        private volatile boolean started;
        private volatile long startedAtMillis;

        RunningConsumer(String group, DefaultMQPushConsumer consumer) {
            this.group = group;
            this.consumer = consumer;
        }

        void start(ClientSetup setup) {
            try {
                setup.setup(consumer);
                // Whoever registered the listener (whiteboard or doConsume setup), its calls are traced and measured.
                if (consumer.getMessageListener() != null) {
                    consumer.registerMessageListener(telemetry.wrap(group, consumer.getMessageListener()));
                }
                startedAtMillis = System.currentTimeMillis();
                factory.startOneAtATime(consumer::start);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                String hint = String.valueOf(e.getMessage()).contains("filter message by SQL92")
                        ? "; SQL92 selectors need enablePropertyFilter=true in the broker's configuration" : "";
                throw new RocketmqException(adapterId(), "consumer of group " + group + " did not start: " + e + hint, e);
            }
            started = true;
            LOG.info("Adapter '{}' started consumer group {} ({})", adapterId(), group, factory.instanceName());
            factory.started();
        }

        @Override
        public String adapterId() {
            return factory.adapterId();
        }

        @Override
        public String consumerGroup() {
            return group;
        }

        @Override
        public boolean isRunning() {
            return started;
        }

        @Override
        public void close() {
            if (running.remove(group, this)) {
                shutdown();
                LOG.info("Adapter '{}' stopped consumer group {}", adapterId(), group);
            }
        }

        void handOver() {
            if (started) {
                OffsetHandOver.store(consumer, startedAtMillis, adapterId(), group);
            }
        }

        void shutdown() {
            handOver();
            started = false;
            try {
                consumer.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("Adapter '{}': consumer group {} did not shut down cleanly: {}", adapterId(), group, e.toString());
            }
        }
    }
}
