package io.rocketconnect.impl.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.rocketmq.client.consumer.MQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
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
import io.rocketconnect.impl.call.BrokerBusyRetry;
import io.rocketconnect.impl.call.CallPipeline;
import io.rocketconnect.impl.call.CallingBundle;
import io.rocketconnect.impl.call.FailureHints;
import io.rocketconnect.impl.call.Messages;
import io.rocketconnect.impl.call.RequestIdScope;
import io.rocketconnect.impl.call.Sender;
import io.rocketconnect.impl.client.AdapterAdmin;
import io.rocketconnect.impl.client.CarriedConsumer;
import io.rocketconnect.impl.client.ClientFactory;
import io.rocketconnect.impl.client.ConsumerGroups;
import io.rocketconnect.impl.client.ConsumerGroups.ClientSetup;
import io.rocketconnect.impl.client.ConsumerHost;
import io.rocketconnect.impl.client.ConsumerOptions;
import io.rocketconnect.impl.client.LifecycleGuard;
import io.rocketconnect.impl.client.ProducerPool;
import io.rocketconnect.impl.client.RemotingSender;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.config.Transport;
import io.rocketconnect.impl.grpc.GrpcClients;
import io.rocketconnect.impl.grpc.GrpcSender;
import io.rocketconnect.impl.monitoring.AuditLog;
import io.rocketconnect.impl.monitoring.SlaSource;
import io.rocketconnect.impl.telemetry.AdapterTelemetry;
import io.rocketconnect.impl.telemetry.OpenTelemetrySource;
import io.rocketconnect.impl.telemetry.ProducerSpan;

/**
 * One adapter: the {@link RocketmqAPI} over its clients. Each method is a call through the
 * {@link CallPipeline} (requestId, drain lock, SLA, file and audit logs) doing its work with the
 * {@link ProducerPool} or the {@link ConsumerGroups}. Nothing starts before it is first used.
 */
public final class Adapter implements RocketmqAPI, ConsumerHost, SlaSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Adapter.class);

    /** How long close() lets running calls finish before it stops the clients under them. */
    private static final long CLOSE_GRACE_SECONDS = 10;

    private final AdapterSettings settings;
    private final String producerGroup;
    private final ClientFactory clients;
    private final ProducerPool producers;
    private final ConsumerGroups consumers;
    private final BrokerBusyRetry busyRetry;
    private final Sender sender;
    /** The gRPC clients of a transport=grpc adapter; null on remoting. */
    private final GrpcClients grpc;
    private final CallPipeline calls;
    private final AdapterTelemetry telemetry;
    /** Handles given out by doConsume; they move to the next adapter on reconfiguration. */
    private final Set<CarriedConsumer> carried = ConcurrentHashMap.newKeySet();

    public Adapter(AdapterSettings settings) {
        this(settings, null);
    }

    /** {@code auditLog} receives this adapter's calls if its settings have audit.enabled. */
    public Adapter(AdapterSettings settings, AuditLog auditLog) {
        this(settings, auditLog, OpenTelemetrySource.of(OpenTelemetry.noop()));
    }

    /** ... and it traces and measures through {@code openTelemetry} if its settings say so. */
    public Adapter(AdapterSettings settings, AuditLog auditLog, OpenTelemetrySource openTelemetry) {
        this.settings = settings;
        this.producerGroup = settings.producerGroup();
        this.telemetry = new AdapterTelemetry(settings.id(), settings.config().namespace(),
                settings.config().tracing_enabled(), settings.config().metrics_enabled(), openTelemetry);
        this.clients = new ClientFactory(settings);
        this.producers = new ProducerPool(clients, telemetry::inject);
        this.consumers = new ConsumerGroups(clients, telemetry);
        this.busyRetry = new BrokerBusyRetry(settings.id(), settings.config().retryTimesWhenBrokerBusy(),
                settings.config().retryDelayWhenBrokerBusy());
        this.calls = new CallPipeline(settings, auditLog, new FailureHints(settings, busyRetry), telemetry);
        this.grpc = settings.transport() == Transport.GRPC ? new GrpcClients(settings) : null;
        this.sender = grpc != null ? new GrpcSender(settings.id(), grpc, telemetry) : new RemotingSender(producers, busyRetry, telemetry);
    }

    public AdapterSettings settings() {
        return settings;
    }

    /** The RocketMQ client instance name all of this adapter's clients share. */
    public String instanceName() {
        return clients.instanceName();
    }

    @Override
    public String adapterId() {
        return settings.id();
    }

    // ---- producing

    @Override
    public void doProduce(String producerGroup, ProducerCallback callback) {
        Objects.requireNonNull(callback, "callback");
        requireRemoting("doProduce");
        calls.call("doProduce", producerGroup, "producer group " + producerGroup, null, 0, requestId -> {
            callback.produce(producers.producer(producerGroup).guarded());
            return null;
        });
    }

    @Override
    public SendReceipt send(RocketmqMessage message) {
        return send(producerGroup, message);
    }

    @Override
    public SendReceipt send(String producerGroup, RocketmqMessage message) {
        return calls.call("send", message.topic(), "send to " + message.topic(), message,
                requestId -> sender.send(producerGroup, message, requestId));
    }

    @Override
    public CompletionStage<SendReceipt> sendAsync(RocketmqMessage message) {
        CompletableFuture<SendReceipt> result = new CompletableFuture<>();
        CompletableFuture<SendReceipt> receipt = new CompletableFuture<>();
        long started = System.nanoTime();
        String caller = calls.caller();
        ProducerSpan span = telemetry.startProducer("sendAsync", message.topic(), message);
        try (Scope current = span.makeCurrent(); RequestIdScope requestId = CallPipeline.enter(span)) {
            String id = requestId.id();
            result.whenComplete((sent, failure) -> {
                // The broker's answer arrives on a client thread: record it under the call's requestId.
                Object outcome = failure != null ? failure : sent;
                try (RequestIdScope answer = RequestIdScope.enter(id)) {
                    span.end(outcome, CallPipeline.errorType(failure, failure != null));
                    calls.observe("sendAsync", message.topic(), "async send to " + message.topic(), message, 1,
                            outcome, failure != null, System.nanoTime() - started, id, caller);
                } finally {
                    if (failure != null) {
                        receipt.completeExceptionally(failure);
                    } else {
                        receipt.complete(sent);
                    }
                }
            });
            try {
                calls.call(null, message.topic(), "async send to " + message.topic(), null, callId -> {
                    sender.sendAsync(producerGroup, message, callId, result);
                    return null;
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
        }
        return receipt;
    }

    @Override
    public void sendOneway(RocketmqMessage message) {
        calls.call("sendOneway", message.topic(), "oneway send to " + message.topic(), message, requestId -> {
            sender.sendOneway(producerGroup, message, requestId);
            return null;
        });
    }

    @Override
    public SendReceipt sendOrderly(RocketmqMessage message, String shardingKey) {
        Objects.requireNonNull(shardingKey, "shardingKey");
        noDeliveryTime(message, "ordered sends");
        return calls.call("sendOrderly", message.topic(), "ordered send to " + message.topic(), message,
                requestId -> sender.sendOrderly(producerGroup, message, shardingKey, requestId));
    }

    @Override
    public SendReceipt sendBatch(List<RocketmqMessage> messages) {
        return calls.call("sendBatch", messages.isEmpty() ? null : messages.get(0).topic(), "batch send", null, messages.size(),
                requestId -> sender.sendBatch(producerGroup, messages, requestId));
    }

    @Override
    public SendReceipt sendInTransaction(String producerGroup, RocketmqMessage message, LocalTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        noDeliveryTime(message, "transactional sends");
        return calls.call("sendInTransaction", message.topic(), "transactional send to " + message.topic(), message,
                requestId -> sender.sendInTransaction(producerGroup, message, transaction, requestId));
    }

    @Override
    public Message request(RocketmqMessage message, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        noDeliveryTime(message, "requests");
        return calls.call("request", message.topic(), "request to " + message.topic(), message,
                requestId -> sender.request(producerGroup, message, timeout, requestId));
    }

    /**
     * Refuses on a gRPC adapter what hands out or needs the 4.x client: its clients, its NameServer
     * queries and (for now) its push consumers.
     */
    private void requireRemoting(String what) {
        if (settings.transport() != Transport.REMOTING) {
            throw new UnsupportedOperationException(what + " needs transport=remoting (the 4.x client); adapter '"
                    + adapterId() + "' has transport=" + settings.transport().key());
        }
    }

    private static void noDeliveryTime(RocketmqMessage message, String what) {
        if (message.deliverAt() != null) {
            throw new IllegalArgumentException("deliverAt is for send, sendAsync and sendOneway, not for " + what);
        }
    }

    @Override
    public RocketmqAdmin admin() {
        return admin(null);
    }

    /** The admin view whose calls the audit log shows as made by {@code caller}. */
    RocketmqAdmin admin(String caller) {
        requireRemoting("admin");
        return new AdapterAdmin(new AdapterAdmin.ProducerCall() {
            @Override
            public <T> T with(String operation, String target, String what, AdapterAdmin.ProducerWork<T> work) {
                try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
                    return calls.call(operation, target, what, null, requestId -> work.run(defaultProducer()));
                }
            }
        });
    }

    private DefaultMQProducer defaultProducer() {
        return producers.producer(producerGroup).client();
    }

    // ---- reaching the cluster

    @Override
    public ProbeResult probe(String topic) {
        Messages.checkTopic(topic);
        String address = grpc != null ? settings.endpoints() : settings.namesrvAddr();
        return calls.call("probe", topic, "probe of the route of " + topic + " at " + address, null, requestId -> {
            if (grpc != null) {
                return grpc.probe(topic);
            }
            // The default producer may start first: that is not part of the round trip.
            DefaultMQProducer producer = defaultProducer();
            long started = System.nanoTime();
            boolean found = routed(producer, topic);
            return new ProbeResult(settings.transport().key(), address, topic, found, Duration.ofNanos(System.nanoTime() - started));
        });
    }

    /** Whether the NameServer has the route of {@code topic}; false if it answered that it knows no such topic. */
    private static boolean routed(DefaultMQProducer producer, String topic) throws MQClientException {
        try {
            producer.fetchPublishMessageQueues(topic);
            return true;
        } catch (MQClientException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof MQClientException client && client.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                    return false;
                }
            }
            throw e;
        }
    }

    // ---- consuming

    @Override
    public SimpleConsumerHandle simpleConsumer(String consumerGroup, String topic, String tagExpression) {
        if (grpc == null) {
            throw new UnsupportedOperationException("the simple consumer needs transport=grpc (RocketMQ 5's protocol); adapter '"
                    + adapterId() + "' has transport=remoting: use doConsume or a RocketmqListener");
        }
        return calls.call("simpleConsumer", consumerGroup, "simple consumer " + consumerGroup + " of " + topic, null,
                requestId -> grpc.simpleConsumer(consumerGroup, topic, tagExpression, calls));
    }

    @Override
    public ConsumerHandle doConsume(String consumerGroup, ConsumerSetup setup) {
        Objects.requireNonNull(setup, "setup");
        return new CarriedConsumer(consumerGroup, setup, startFor(consumerGroup, setup), carried);
    }

    private ConsumerHandle startFor(String consumerGroup, ConsumerSetup setup) {
        return consume(consumerGroup, consumerDefaults(), consumer ->
                setup.setup(LifecycleGuard.guard(MQPushConsumer.class, consumer,
                        "consumer group " + consumerGroup + " of adapter '" + adapterId() + "'")));
    }

    /**
     * Takes over the doConsume consumers of the adapter this one replaces: each is set up again here,
     * with its caller's own setup, and its handle moves over, before {@code previous} closes. The old
     * consumer stores its offsets first, so the new one goes on where it had got to.
     */
    void adopt(Adapter previous) {
        for (CarriedConsumer handle : List.copyOf(previous.carried)) {
            if (!handle.isOpen()) {
                continue;
            }
            previous.handOver(handle.consumerGroup());
            try {
                handle.moveTo(startFor(handle.consumerGroup(), handle.setup()), carried);
            } catch (RuntimeException e) {
                LOG.error("Adapter '{}': consumer group {} could not be set up again after the change and stops: {}",
                        adapterId(), handle.consumerGroup(), FailureHints.describe(e));
            }
        }
    }

    @Override
    public boolean grpc() {
        return grpc != null;
    }

    @Override
    public ConsumerHandle consumeGrpc(String consumerGroup, String topic, String selector, boolean sql,
            Predicate<MessageExt> deliver) {
        Messages.checkGroup("consumerGroup", consumerGroup);
        if (grpc == null) {
            throw new UnsupportedOperationException("a gRPC push consumer needs transport=grpc; adapter '" + adapterId()
                    + "' has transport=remoting");
        }
        return calls.call("doConsume", consumerGroup, "consumer group " + consumerGroup, null,
                requestId -> grpc.pushConsumer(consumerGroup, topic, selector, sql, telemetry.wrap(consumerGroup, deliver)));
    }

    @Override
    public ConsumerOptions consumerDefaults() {
        return ConsumerOptions.defaults(settings);
    }

    @Override
    public void handOver(String consumerGroup) {
        consumers.handOver(consumerGroup);
    }

    @Override
    public ConsumerHandle consume(String consumerGroup, ConsumerOptions options, ClientSetup setup) {
        Messages.checkGroup("consumerGroup", consumerGroup);
        requireRemoting("consuming (doConsume and RocketmqListener services)");
        return calls.call("doConsume", consumerGroup, "consumer group " + consumerGroup, null,
                requestId -> consumers.start(consumerGroup, options, setup));
    }

    // ---- lifecycle and figures

    /**
     * Refuses new calls, lets the ones under way finish (up to a grace period), then stops every
     * consumer and producer. The client instance and its threads go with the last of them.
     */
    @Override
    public void close() {
        calls.close(CLOSE_GRACE_SECONDS, () -> {
            busyRetry.close();
            consumers.closeAll();
            if (grpc != null) {
                grpc.close();
            }
            producers.closeAll();
        });
        LOG.info("Adapter '{}' closed its clients ({})", adapterId(), instanceName());
    }

    @Override
    public List<OperationStats> stats() {
        return calls.stats();
    }

    @Override
    public List<OperationHistory> history() {
        return calls.history();
    }

    @Override
    public Figures slaWindow(Duration window, String operation) {
        return calls.slaWindow(window, operation);
    }

    @Override
    public List<String> runningClients() {
        List<String> running = new ArrayList<>(producers.running());
        if (grpc != null) {
            running.addAll(grpc.running());
        }
        running.addAll(consumers.running());
        return running;
    }
}
