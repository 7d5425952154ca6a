package io.rocketconnect.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.AuditRecord;
import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ConsumerSetup;
import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.api.ProducerCallback;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.RocketmqMessage;

/**
 * One adapter's clients: a started producer per group, created on first use and shared after that,
 * the transactional producers, and the push consumers its callers and listeners started. All use one
 * RocketMQ client instance of their own (a unique {@code instanceName}), so two adapters never share
 * connections, threads or a NameServer address. Nothing starts before it is first used.
 */
final class Adapter implements RocketmqAPI, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Adapter.class);

    /** How long close() lets running calls finish before it stops the clients under them. */
    private static final long CLOSE_GRACE_SECONDS = 10;
    /** Sets each adapter generation apart: a reconfigured adapter runs beside its predecessor briefly. */
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final AdapterSettings settings;
    private final String instanceName;
    private final RPCHook aclHook;
    private final BrokerBusyRetry busyRetry;
    private final BrokerVersions brokerVersions = new BrokerVersions();
    private final SlaMetrics sla;
    /** Null unless filelog.enabled. */
    private final FileLog fileLog;
    /** Null unless audit.enabled. */
    private final AuditLog audit;
    private final ConcurrentMap<String, PooledProducer> producers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TransactionalProducer> transactionalProducers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RunningConsumer> consumers = new ConcurrentHashMap<>();
    /** Handles given out by doConsume; they move to the next adapter on reconfiguration. */
    private final java.util.Set<CarriedConsumer> carried = ConcurrentHashMap.newKeySet();
    /** Calls hold the read lock; close() takes the write lock, so it waits for calls under way. */
    private final ReadWriteLock calls = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private final AtomicBoolean tlsChecked = new AtomicBoolean();

    Adapter(AdapterSettings settings) {
        this(settings, null);
    }

    /** {@code auditLog} receives this adapter's calls if its settings have audit.enabled. */
    Adapter(AdapterSettings settings, AuditLog auditLog) {
        this.settings = settings;
        this.audit = settings.auditEnabled() ? auditLog : null;
        this.instanceName = "rocketconnect-" + settings.id() + "-" + GENERATIONS.incrementAndGet();
        this.sla = settings.slaEnabled() ? SlaMetrics.enabled() : SlaMetrics.DISABLED;
        this.fileLog = settings.filelogEnabled() ? new FileLog(settings.id(), settings.filelogBodyLimit()) : null;
        this.busyRetry = new BrokerBusyRetry(settings.id(), settings.retryTimesWhenBrokerBusy(),
                settings.retryDelayWhenBrokerBusy());
        this.aclHook = settings.accessKey() == null ? null
                : new AclClientRPCHook(new SessionCredentials(settings.accessKey(), settings.secretKey()));
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

    // ---- producing

    @Override
    public void doProduce(String producerGroup, ProducerCallback callback) {
        Objects.requireNonNull(callback, "callback");
        call("doProduce", producerGroup, "producer group " + producerGroup, null, requestId -> {
            callback.produce(producer(producerGroup).guarded());
            return null;
        });
    }

    @Override
    public SendResult send(RocketmqMessage message) {
        return send(settings.producerGroup(), message);
    }

    @Override
    public SendResult send(String producerGroup, RocketmqMessage message) {
        return call("send", message.topic(), "send to " + message.topic(), message, requestId -> {
            PooledProducer producer = producer(producerGroup);
            Message client = Messages.toClient(message, producer.client().getMaxMessageSize(), requestId);
            if (message.deliverAt() != null) {
                brokerVersions.requireTimerMessages(producer.client(), message.topic());
            }
            return busyRetry.sync(() -> producer.client().send(client));
        });
    }

    @Override
    public CompletionStage<SendResult> sendAsync(RocketmqMessage message) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        long started = System.nanoTime();
        String caller = CallingBundle.current();
        try (RequestIds.Scope requestId = RequestIds.enter()) {
            String id = requestId.id();
            result.whenComplete((sent, failure) -> {
                // The broker's answer arrives on a client thread: record it under the call's requestId.
                try (RequestIds.Scope answer = RequestIds.enter(id)) {
                    observe("sendAsync", message.topic(), "async send to " + message.topic(), message,
                            failure != null ? failure : sent, failure != null, System.nanoTime() - started, id, caller);
                }
            });
            try {
                asyncSend(message, result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e;
            }
        }
        return result;
    }

    private void asyncSend(RocketmqMessage message, CompletableFuture<SendResult> result) {
        call(null, message.topic(), "async send to " + message.topic(), null, requestId -> {
            PooledProducer producer = producer(settings.producerGroup());
            Message client = Messages.toClient(message, producer.client().getMaxMessageSize(), requestId);
            if (message.deliverAt() != null) {
                brokerVersions.requireTimerMessages(producer.client(), message.topic());
            }
            busyRetry.async(callback -> producer.client().send(client, callback), result);
            return null;
        });
    }

    @Override
    public void sendOneway(RocketmqMessage message) {
        call("sendOneway", message.topic(), "oneway send to " + message.topic(), message, requestId -> {
            PooledProducer producer = producer(settings.producerGroup());
            Message client = Messages.toClient(message, producer.client().getMaxMessageSize(), requestId);
            if (message.deliverAt() != null) {
                brokerVersions.requireTimerMessages(producer.client(), message.topic());
            }
            producer.client().sendOneway(client);
            return null;
        });
    }

    @Override
    public SendResult sendOrderly(RocketmqMessage message, String shardingKey) {
        Objects.requireNonNull(shardingKey, "shardingKey");
        noDeliveryTime(message, "ordered sends");
        return call("sendOrderly", message.topic(), "ordered send to " + message.topic(), message, requestId -> {
            PooledProducer producer = producer(settings.producerGroup());
            // floorMod: a negative hashCode still picks a queue (the client's own selector uses abs()).
            Message client = Messages.toClient(message, producer.client().getMaxMessageSize(), requestId);
            return busyRetry.sync(() -> producer.client().send(client,
                    (queues, msg, key) -> queues.get(Math.floorMod(key.hashCode(), queues.size())), shardingKey));
        });
    }

    @Override
    public SendResult sendBatch(List<RocketmqMessage> messages) {
        return call("sendBatch", messages.isEmpty() ? null : messages.get(0).topic(), "batch send", null, requestId -> {
            PooledProducer producer = producer(settings.producerGroup());
            List<Message> batch = Messages.batch(messages, producer.client().getMaxMessageSize(), requestId);
            return busyRetry.sync(() -> producer.client().send(batch));
        });
    }

    @Override
    public TransactionSendResult sendInTransaction(String producerGroup, RocketmqMessage message, LocalTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        noDeliveryTime(message, "transactional sends");
        return call("sendInTransaction", message.topic(), "transactional send to " + message.topic(), message, requestId -> {
            TransactionalProducer producer = transactionalProducer(producerGroup);
            producer.listener().latest = transaction;
            return producer.client().sendMessageInTransaction(
                    Messages.toClient(message, producer.client().getMaxMessageSize(), requestId), transaction);
        });
    }

    @Override
    public Message request(RocketmqMessage message, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        noDeliveryTime(message, "requests");
        return call("request", message.topic(), "request to " + message.topic(), message, requestId -> {
            PooledProducer producer = producer(settings.producerGroup());
            return producer.client().request(Messages.toClient(message, producer.client().getMaxMessageSize(), requestId), timeout.toMillis());
        });
    }

    private static void noDeliveryTime(RocketmqMessage message, String what) {
        if (message.deliverAt() != null) {
            throw new IllegalArgumentException("deliverAt is for send, sendAsync and sendOneway, not for " + what);
        }
    }

    @Override
    public io.rocketconnect.api.RocketmqAdmin admin() {
        return admin(null);
    }

    /** The admin view whose calls the audit log shows as made by {@code caller}. */
    io.rocketconnect.api.RocketmqAdmin admin(String caller) {
        return new AdapterAdmin(new AdapterAdmin.ProducerCall() {
            @Override
            public <T> T with(String what, AdapterAdmin.ProducerWork<T> work) {
                try (CallingBundle.Scope scope = CallingBundle.enter(caller)) {
                    return call("admin", what, what, null, requestId -> work.run(producer(settings.producerGroup()).client()));
                }
            }
        });
    }

    // ---- consuming

    @Override
    public ConsumerHandle doConsume(String consumerGroup, ConsumerSetup setup) {
        Objects.requireNonNull(setup, "setup");
        CarriedConsumer handle = new CarriedConsumer(consumerGroup, setup, startFor(consumerGroup, setup), this);
        carried.add(handle);
        return handle;
    }

    private ConsumerHandle startFor(String consumerGroup, ConsumerSetup setup) {
        return consume(consumerGroup, ConsumerOptions.defaults(settings), consumer ->
                setup.setup(LifecycleGuard.guard(MQPushConsumer.class, consumer,
                        "consumer group " + consumerGroup + " of adapter '" + adapterId() + "'")));
    }

    /**
     * Takes over the doConsume consumers of the adapter this one replaces: each is set up again here,
     * with its caller's own setup, and its handle moves over, before {@code previous} closes.
     */
    void adopt(Adapter previous) {
        for (CarriedConsumer handle : previous.carried) {
            if (!handle.isOpen()) {
                continue;
            }
            try {
                handle.moveTo(startFor(handle.consumerGroup(), handle.setup()), this);
                carried.add(handle);
                previous.carried.remove(handle);
            } catch (RuntimeException e) {
                LOG.error("Adapter '{}': consumer group {} could not be set up again after the change and stops: {}",
                        adapterId(), handle.consumerGroup(), describe(e));
            }
        }
    }

    void forget(CarriedConsumer handle) {
        carried.remove(handle);
    }

    /** Starts a push consumer with {@code options}; the whiteboard and doConsume both come here. */
    ConsumerHandle consume(String consumerGroup, ConsumerOptions options, ClientSetup setup) {
        checkGroup("consumerGroup", consumerGroup);
        return call("doConsume", consumerGroup, "consumer group " + consumerGroup, null, requestId -> {
            RunningConsumer running = new RunningConsumer(consumerGroup, options);
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
        });
    }

    /** Configures a consumer before it starts. */
    @FunctionalInterface
    interface ClientSetup {
        void setup(DefaultMQPushConsumer consumer) throws Exception;
    }

    // ---- lifecycle

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
        busyRetry.close();
        try {
            consumers.values().forEach(RunningConsumer::close);
            producers.values().forEach(producer -> shutdownQuietly(producer.client()));
            transactionalProducers.values().forEach(producer -> shutdownQuietly(producer.client()));
            producers.clear();
            transactionalProducers.clear();
        } finally {
            if (drained) {
                calls.writeLock().unlock();
            }
        }
        if (fileLog != null) {
            fileLog.close();
        }
        LOG.info("Adapter '{}' closed its clients ({})", adapterId(), instanceName);
    }

    /** Work done inside a call, given the call's requestId: may throw anything the client throws. */
    @FunctionalInterface
    private interface Work<T> {
        T run(String requestId) throws Exception;
    }

    /**
     * Runs one call of the API under its requestId, then records it: SLA figures, and the request
     * file log and audit log where the adapter has them on. {@code operation} null records nothing
     * (the caller records the call itself, as sendAsync does); {@code target} is the topic or group the audit shows;
     * {@code what} names the call in errors; {@code message}, if given, is what the file log shows.
     */
    private <T> T call(String operation, String target, String what, RocketmqMessage message, Work<T> work) {
        long started = System.nanoTime();
        boolean failed = true;
        Object outcome = null;
        try (RequestIds.Scope requestId = RequestIds.enter()) {
            calls.readLock().lock();
            try {
                checkOpen();
                T result = work.run(requestId.id());
                failed = false;
                outcome = result;
                return result;
            } catch (RuntimeException e) {
                // The client throws some failures unchecked (an unreachable NameServer: IllegalStateException
                // around a RemotingConnectException); they are RocketMQ failures, not misuse of the adapter.
                RuntimeException thrown = fromClient(e) ? failure(what, requestId.id(), e) : e;
                outcome = thrown;
                throw thrown;
            } catch (InterruptedException e) {
                outcome = e;
                Thread.currentThread().interrupt();
                throw new RocketmqException(adapterId(), what + " interrupted (requestId " + requestId.id() + ")", e);
            } catch (Exception e) {
                outcome = e;
                throw failure(what, requestId.id(), e);
            } finally {
                calls.readLock().unlock();
                if (operation != null) {
                    observe(operation, target, what, message, outcome, failed, System.nanoTime() - started, requestId.id(),
                            CallingBundle.current());
                }
            }
        }
    }

    /** Records a finished call in the SLA figures, and in the file and audit logs if they are on. */
    private void observe(String operation, String target, String what, RocketmqMessage message, Object outcome,
            boolean failed, long nanos, String requestId, String caller) {
        sla.record(operation, nanos, failed);
        if (fileLog != null) {
            fileLog.log(operation, message != null ? message : what, outcome, failed, nanos);
        }
        if (audit != null) {
            audit.offer(new AuditRecord(Instant.now().minusNanos(nanos), requestId, adapterId(), operation, target, caller,
                    failed ? AuditRecord.ERROR : AuditRecord.OK,
                    failed && outcome instanceof Throwable ? rootCause((Throwable) outcome).getClass().getName() : null,
                    TimeUnit.NANOSECONDS.toMicros(nanos)));
        }
    }

    /**
     * The exception and, if different, its root cause: the client's "Send [3] times, still failed"
     * hides the broker's reason (an ACL refusal, a missing topic) in its cause chain.
     */
    static String describe(Throwable failure) {
        Throwable root = rootCause(failure);
        return root == failure ? failure.toString() : failure + "; cause: " + root;
    }

    private RocketmqException failure(String what, String requestId, Exception e) {
        return new RocketmqException(adapterId(), what + " failed (requestId " + requestId + "): " + describe(e) + hint(e), e);
    }

    /** An unchecked exception of the client's own, for a failure it met on the wire. */
    private static boolean fromClient(RuntimeException e) {
        return !(e instanceof RocketmqException) && (e.getCause() instanceof RemotingException
                || e.getCause() instanceof MQClientException || e.getCause() instanceof MQBrokerException);
    }

    /**
     * What the client's message leaves out. For a refusal by the broker's ACL, which account was
     * refused: the broker names the topic or the signature, not the accessKey, and an adapter's keys
     * may come from @env. For a failed connection to a NameServer, that it is the adapter's.
     */
    private String hint(Throwable failure) {
        Throwable root = rootCause(failure);
        String message = String.valueOf(root.getMessage());
        if (BrokerBusyRetry.isBrokerBusy(root)) {
            return busyRetry.describeRefusal();
        }
        String tls = ClientTls.hint(failure, settings.useTLS(), settings.sendMsgTimeout());
        if (!tls.isEmpty()) {
            return tls;
        }
        if (message.contains("AclException") || message.contains("accessKey") || isAcl2Refusal(root, message)) {
            return settings.accessKey() == null ? " (this adapter sends no accessKey; the broker has ACL on)"
                    : " (the adapter's accessKey is '" + settings.accessKey() + "')";
        }
        if (root instanceof RemotingConnectException) {
            for (String namesrv : settings.namesrvAddr().split(";")) {
                if (message.contains("[" + namesrv.trim() + "]")) {
                    return " (" + namesrv.trim() + " is a NameServer of this adapter: is it running?)";
                }
            }
        }
        return "";
    }

    /**
     * A 5.x broker's ACL 2.0 refuses with NO_PERMISSION and names the user, the signature or the
     * missing username, never "accessKey" (4.x's AclException does).
     */
    private static boolean isAcl2Refusal(Throwable root, String message) {
        return root instanceof MQBrokerException broker && broker.getResponseCode() == ResponseCode.NO_PERMISSION
                && (message.contains("User:") || message.contains("check signature failed")
                        || message.contains("username cannot be null"));
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The pooled producer of {@code group}, started on first use; a pooled group needs no new name check. */
    private PooledProducer producer(String group) {
        PooledProducer producer = group == null ? null : producers.get(group);
        if (producer != null) {
            return producer;
        }
        checkGroup("producerGroup", group);
        return producers.computeIfAbsent(group, this::startProducer);
    }

    private PooledProducer startProducer(String group) {
        if (transactionalProducers.containsKey(group)) {
            throw new IllegalStateException("producer group " + group + " sends transactions on adapter '" + adapterId()
                    + "'; use another group for other sends");
        }
        DefaultMQProducer producer = new DefaultMQProducer(settings.namespace(), group, aclHook,
                settings.enableMsgTrace(), settings.traceTopic());
        start(configure(producer), group);
        return new PooledProducer(producer, LifecycleGuard.guard(MQProducer.class, producer,
                "producer group " + group + " of adapter '" + adapterId() + "'"));
    }

    private TransactionalProducer transactionalProducer(String group) {
        checkGroup("producerGroup", group);
        return transactionalProducers.computeIfAbsent(group, g -> {
            if (producers.containsKey(g)) {
                throw new IllegalStateException("producer group " + g + " already sends plain messages on adapter '"
                        + adapterId() + "'; use another group for transactions");
            }
            TransactionMQProducer producer = new TransactionMQProducer(settings.namespace(), g, aclHook,
                    settings.enableMsgTrace(), settings.traceTopic());
            TransactionDispatcher listener = new TransactionDispatcher(adapterId(), g);
            producer.setTransactionListener(listener);
            start(configure(producer), g);
            return new TransactionalProducer(producer, listener);
        });
    }

    private <P extends DefaultMQProducer> P configure(P producer) {
        producer.setNamesrvAddr(settings.namesrvAddr());
        producer.setInstanceName(instanceName);
        producer.setUseTLS(settings.useTLS());
        producer.setVipChannelEnabled(settings.vipChannelEnabled());
        producer.setSendLatencyFaultEnable(settings.sendLatencyFaultEnable());
        producer.setSendMsgTimeout(settings.sendMsgTimeout());
        producer.setRetryTimesWhenSendFailed(settings.retryTimesWhenSendFailed());
        producer.setRetryTimesWhenSendAsyncFailed(settings.retryTimesWhenSendFailed());
        return producer;
    }

    private void start(DefaultMQProducer producer, String group) {
        try {
            producer.start();
        } catch (Exception e) {
            shutdownQuietly(producer);
            throw new RocketmqException(adapterId(), "producer of group " + group + " did not start: " + e, e);
        }
        LOG.info("Adapter '{}' started producer group {} ({})", adapterId(), group, instanceName);
        checkTls();
    }

    /** After the first client started (it read the JVM's TLS settings then): warn if TLS checks no certificate. */
    private void checkTls() {
        if (settings.useTLS() && tlsChecked.compareAndSet(false, true)) {
            ClientTls.warnIfUnchecked(adapterId());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Adapter '" + adapterId()
                    + "' is closed (its configuration was changed or deleted); look the adapter up again");
        }
    }

    static void checkGroup(String what, String group) {
        if (group == null || group.isEmpty() || group.length() > 255 || !Messages.isLegalName(group)) {
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

    /** A started producer; {@code guarded} is what doProduce callbacks get (no start/shutdown, requestId stamped). */
    private record PooledProducer(DefaultMQProducer client, MQProducer guarded) {
    }

    private record TransactionalProducer(TransactionMQProducer client, TransactionDispatcher listener) {
    }

    /** A push consumer started by doConsume or the whiteboard; the handle the caller closes. */
    private final class RunningConsumer implements ConsumerHandle {

        private final String group;
        private final DefaultMQPushConsumer consumer;
        private volatile boolean running;

        RunningConsumer(String group, ConsumerOptions options) {
            this.group = group;
            this.consumer = new DefaultMQPushConsumer(settings.namespace(), group, aclHook,
                    new org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely(),
                    settings.enableMsgTrace(), settings.traceTopic());
            consumer.setNamesrvAddr(settings.namesrvAddr());
            consumer.setInstanceName(instanceName);
            consumer.setUseTLS(settings.useTLS());
            consumer.setVipChannelEnabled(settings.vipChannelEnabled());
            consumer.setConsumeThreadMin(settings.effectiveConsumeThreadMin());
            consumer.setConsumeThreadMax(settings.effectiveConsumeThreadMax());
            consumer.setConsumeMessageBatchMaxSize(settings.consumeMessageBatchMaxSize());
            consumer.setConsumeTimeout(settings.consumeTimeout());
            consumer.setConsumeFromWhere(ConsumeFromWhere.valueOf(options.consumeFrom().name()));
            consumer.setMessageModel(options.messageModel());
            if (options.maxReconsumeTimes() >= 0) {
                consumer.setMaxReconsumeTimes(options.maxReconsumeTimes());
            }
        }

        void start(ClientSetup setup) {
            try {
                setup.setup(consumer);
                consumer.start();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                String hint = String.valueOf(e.getMessage()).contains("filter message by SQL92")
                        ? "; SQL92 selectors need enablePropertyFilter=true in the broker's configuration" : "";
                throw new RocketmqException(adapterId(), "consumer of group " + group + " did not start: " + e + hint, e);
            }
            running = true;
            LOG.info("Adapter '{}' started consumer group {} ({})", adapterId(), group, instanceName);
            checkTls();
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

    @Override
    public List<io.rocketconnect.api.OperationStats> stats() {
        return sla.snapshot();
    }

    /** SLA figures over the last {@code window}, of one operation or all ({@code operation} null). */
    io.rocketconnect.api.OperationStats.Figures slaWindow(Duration window, String operation) {
        return sla.window(window, operation);
    }

    @Override
    public List<String> runningClients() {
        List<String> clients = new ArrayList<>();
        producers.keySet().forEach(group -> clients.add("producer " + group));
        transactionalProducers.keySet().forEach(group -> clients.add("transactional producer " + group));
        consumers.keySet().forEach(group -> clients.add("consumer " + group));
        return clients;
    }
}
