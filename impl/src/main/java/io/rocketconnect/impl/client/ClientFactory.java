package io.rocketconnect.impl.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.remoting.RPCHook;

import io.rocketconnect.impl.call.ClientTls;
import io.rocketconnect.impl.config.AdapterConfig;
import io.rocketconnect.impl.config.AdapterSettings;

/**
 * Makes the clients of one adapter generation from its settings. All of them share one RocketMQ client
 * instance of their own (a unique {@code instanceName}): the 4.x client otherwise shares one per JVM,
 * with the NameServer of whichever client came first, so two adapters never share connections,
 * threads or a NameServer address.
 */
public final class ClientFactory {

    /** How long a consumer's shutdown waits for listener calls under way: the adapter's close grace. */
    static final long LISTENER_GRACE_MILLIS = 10_000;

    /** Sets each adapter generation apart: a reconfigured adapter runs beside its predecessor briefly. */
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final AdapterSettings settings;
    private final AdapterConfig config;
    private final String instanceName;
    private final RPCHook aclHook;
    private final AtomicBoolean tlsChecked = new AtomicBoolean();
    private final Object starting = new Object();

    public ClientFactory(AdapterSettings settings) {
        this.settings = settings;
        this.config = settings.config();
        this.instanceName = "rocketconnect-" + settings.id() + "-" + GENERATIONS.incrementAndGet();
        this.aclHook = settings.accessKey() == null ? null
                : new AclClientRPCHook(new SessionCredentials(settings.accessKey(), settings.secretKey()));
    }

    public String adapterId() {
        return settings.id();
    }

    /** The RocketMQ client instance name all of this adapter's clients share. */
    public String instanceName() {
        return instanceName;
    }

    DefaultMQProducer producer(String group) {
        return configure(new DefaultMQProducer(config.namespace(), group, aclHook, config.enableMsgTrace(), config.traceTopic()));
    }

    TransactionMQProducer transactionalProducer(String group) {
        return configure(new TransactionMQProducer(config.namespace(), group, aclHook, config.enableMsgTrace(),
                config.traceTopic()));
    }

    DefaultMQPushConsumer pushConsumer(String group, ConsumerOptions options) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(config.namespace(), group, aclHook,
                new AllocateMessageQueueAveragely(), config.enableMsgTrace(), config.traceTopic());
        consumer.setNamesrvAddr(settings.namesrvAddr());
        consumer.setInstanceName(instanceName);
        consumer.setUseTLS(config.useTLS());
        consumer.setVipChannelEnabled(config.vipChannelEnabled());
        consumer.setConsumeThreadMin(settings.consumeThreadMin());
        consumer.setConsumeThreadMax(settings.consumeThreadMax());
        consumer.setConsumeMessageBatchMaxSize(config.consumeMessageBatchMaxSize());
        consumer.setConsumeTimeout(config.consumeTimeout());
        consumer.setConsumeFromWhere(options.consumeFrom());
        consumer.setMessageModel(options.messageModel());
        if (options.maxReconsumeTimes() >= 0) {
            consumer.setMaxReconsumeTimes(options.maxReconsumeTimes());
        }
        // On shutdown, listener calls under way finish and their offsets are stored before the consumer
        // goes (the client's default, 0, interrupts them and keeps the offsets of the last calls from
        // being stored, so their messages come again).
        consumer.setAwaitTerminationMillisWhenShutdown(LISTENER_GRACE_MILLIS);
        return consumer;
    }

    private <P extends DefaultMQProducer> P configure(P producer) {
        producer.setNamesrvAddr(settings.namesrvAddr());
        producer.setInstanceName(instanceName);
        producer.setUseTLS(config.useTLS());
        producer.setVipChannelEnabled(config.vipChannelEnabled());
        producer.setSendLatencyFaultEnable(config.sendLatencyFaultEnable());
        producer.setSendMsgTimeout(config.sendMsgTimeout());
        producer.setRetryTimesWhenSendFailed(config.retryTimesWhenSendFailed());
        producer.setRetryTimesWhenSendAsyncFailed(config.retryTimesWhenSendFailed());
        return producer;
    }

    /** A client's {@code start()}. */
    @FunctionalInterface
    interface ClientStart {
        void start() throws MQClientException;
    }

    /**
     * Starts the clients of this generation one at a time. The 4.x client looks up the client instance
     * they share and creates it when missing, without a lock: two clients starting at once (a listener's
     * consumer and a caller's first send during a reconfiguration) each build one, and the one that loses
     * keeps its timer and scheduler threads for the life of the JVM.
     */
    void startOneAtATime(ClientStart client) throws MQClientException {
        synchronized (starting) {
            client.start();
        }
    }

    /** After the first client started (it read the JVM's TLS settings then): warn if TLS checks no certificate. */
    void started() {
        if (config.useTLS() && tlsChecked.compareAndSet(false, true)) {
            ClientTls.warnIfUnchecked(settings.id());
        }
    }
}
