package io.rocketconnect.impl.adapter;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.CompletionStage;

import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ConsumerSetup;
import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.api.OperationHistory;
import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.OperationStats.Figures;
import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.ProducerCallback;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SendReceipt;
import io.rocketconnect.api.SimpleConsumerHandle;
import io.rocketconnect.impl.call.CallingBundle;
import io.rocketconnect.impl.client.ConsumerGroups.ClientSetup;
import io.rocketconnect.impl.client.ConsumerHost;
import io.rocketconnect.impl.client.ConsumerOptions;
import io.rocketconnect.impl.monitoring.SlaSource;

/**
 * An adapter as one bundle gets it from the service registry: every call runs with that bundle as
 * the {@link CallingBundle}, so the audit log can say who called. The adapter is registered through
 * {@link #factory(Adapter)}, so each bundle gets its own view and all views share the adapter. The
 * connector's own components reach the adapter through the same views: the listener whiteboard as a
 * {@link ConsumerHost}, the SLA policies as an {@link SlaSource}.
 */
public final class AdapterForBundle implements RocketmqAPI, ConsumerHost, SlaSource {

    private final Adapter adapter;
    private final String caller;

    AdapterForBundle(Adapter adapter, Bundle bundle) {
        this(adapter, bundle.getSymbolicName());
    }

    public AdapterForBundle(Adapter adapter, String callerSymbolicName) {
        this.adapter = adapter;
        this.caller = callerSymbolicName;
    }

    /** The service factory that registers {@code adapter}: one view per using bundle. */
    public static ServiceFactory<RocketmqAPI> factory(Adapter adapter) {
        return new ServiceFactory<>() {
            @Override
            public RocketmqAPI getService(Bundle bundle, ServiceRegistration<RocketmqAPI> registration) {
                return new AdapterForBundle(adapter, bundle);
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<RocketmqAPI> registration, RocketmqAPI service) {
                // the adapter's clients belong to its configuration, not to the bundle that used it
            }
        };
    }

    /** The adapter behind {@code service}, if it is one of ours; else null. */
    static Adapter adapterOf(RocketmqAPI service) {
        if (service instanceof AdapterForBundle view) {
            return view.adapter;
        }
        return service instanceof Adapter adapter ? adapter : null;
    }

    @Override
    public ConsumerOptions consumerDefaults() {
        return adapter.consumerDefaults();
    }

    @Override
    public void handOver(String consumerGroup) {
        adapter.handOver(consumerGroup);
    }

    @Override
    public ConsumerHandle consume(String consumerGroup, ConsumerOptions options, ClientSetup setup) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.consume(consumerGroup, options, setup);
        }
    }

    @Override
    public boolean grpc() {
        return adapter.grpc();
    }

    @Override
    public ConsumerHandle consumeGrpc(String consumerGroup, String topic, String selector, boolean sql,
            Predicate<MessageExt> deliver) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.consumeGrpc(consumerGroup, topic, selector, sql, deliver);
        }
    }

    @Override
    public Figures slaWindow(Duration window, String operation) {
        return adapter.slaWindow(window, operation);
    }

    /** Two views are equal when they are of the same adapter for the same bundle. */
    @Override
    public boolean equals(Object other) {
        return other instanceof AdapterForBundle view && view.adapter == adapter && java.util.Objects.equals(view.caller, caller);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(adapter) * 31 + java.util.Objects.hashCode(caller);
    }

    @Override
    public String toString() {
        return "adapter '" + adapter.adapterId() + "' as used by " + caller;
    }

    @Override
    public String adapterId() {
        return adapter.adapterId();
    }

    @Override
    public RocketmqAdmin admin() {
        return adapter.admin(caller);
    }

    @Override
    public List<OperationStats> stats() {
        return adapter.stats();
    }

    @Override
    public List<OperationHistory> history() {
        return adapter.history();
    }

    @Override
    public List<String> runningClients() {
        return adapter.runningClients();
    }

    @Override
    public void doProduce(String producerGroup, ProducerCallback callback) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            adapter.doProduce(producerGroup, callback);
        }
    }

    @Override
    public ConsumerHandle doConsume(String consumerGroup, ConsumerSetup setup) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.doConsume(consumerGroup, setup);
        }
    }

    @Override
    public SendReceipt send(RocketmqMessage message) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.send(message);
        }
    }

    @Override
    public SendReceipt send(String producerGroup, RocketmqMessage message) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.send(producerGroup, message);
        }
    }

    @Override
    public CompletionStage<SendReceipt> sendAsync(RocketmqMessage message) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.sendAsync(message);
        }
    }

    @Override
    public void sendOneway(RocketmqMessage message) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            adapter.sendOneway(message);
        }
    }

    @Override
    public SendReceipt sendOrderly(RocketmqMessage message, String shardingKey) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.sendOrderly(message, shardingKey);
        }
    }

    @Override
    public SendReceipt sendBatch(List<RocketmqMessage> messages) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.sendBatch(messages);
        }
    }

    @Override
    public SendReceipt sendInTransaction(String producerGroup, RocketmqMessage message, LocalTransaction transaction) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.sendInTransaction(producerGroup, message, transaction);
        }
    }

    @Override
    public Message request(RocketmqMessage message, Duration timeout) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.request(message, timeout);
        }
    }

    @Override
    public ProbeResult probe(String topic) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.probe(topic);
        }
    }

    @Override
    public SimpleConsumerHandle simpleConsumer(String consumerGroup, String topic, String tagExpression) {
        try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
            return adapter.simpleConsumer(consumerGroup, topic, tagExpression);
        }
    }
}
