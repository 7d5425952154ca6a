package io.rocketconnect.benchmarks;

import static io.rocketconnect.benchmarks.Variants.BODY;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

import io.rocketconnect.api.ReceivedMessage;
import io.rocketconnect.api.RocketmqMessage;
import io.rocketconnect.api.SimpleConsumerHandle;
import io.rocketconnect.impl.adapter.Adapter;
import io.rocketconnect.impl.config.AdapterSettings;

/**
 * The gRPC rows of {@link ComparisonBenchmark}, all on one RocketMQ 5.5.0 broker behind its Proxy: the
 * raw rocketmq-client-java Producer and SimpleConsumer (the baselines), the adapter with
 * {@code transport=grpc}, and, for remoting on the same broker, the raw client 4.9.8 and the adapter
 * with its default transport. Each row has clients of its own; all are closed with this object.
 * A failed send is counted, not thrown: the table reports it beside the figures.
 */
final class GrpcVariants implements AutoCloseable {

    /** The same settings for the raw consumers and ours: up to 32 messages a receive, invisible for 30 s. */
    static final int BATCH = 32;
    static final Duration INVISIBLE = Duration.ofSeconds(30);
    /** The adapter's await duration (GrpcClients.AWAIT): a receive with nothing there waits this long. */
    private static final Duration AWAIT = Duration.ofSeconds(5);

    /** What a consumer row does in a turn: one receive, every message of it acknowledged. */
    interface Receiver {
        String topic();

        /** Receives up to {@link #BATCH} messages and acks each; the ids received. */
        List<String> receiveAndAck() throws Exception;

        /** Messages received again after they were acknowledged; none is expected. */
        long duplicates();
    }

    private final String endpoints;
    private final String namesrvAddr;
    private final ClientServiceProvider provider = ClientServiceProvider.loadService();
    private final ClientConfiguration configuration;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final Map<Variant, AtomicLong> errors = new IdentityHashMap<>();
    private Producer filler;

    /** Rows on the Proxy at {@code endpoints}, and on its broker's NameServer {@code namesrvAddr} for remoting. */
    GrpcVariants(String endpoints, String namesrvAddr) {
        this.endpoints = endpoints;
        this.namesrvAddr = namesrvAddr;
        this.configuration = ClientConfiguration.newBuilder().setEndpoints(endpoints).enableSsl(false)
                .setRequestTimeout(Duration.ofSeconds(3)).build();
    }

    /** The raw rocketmq-client-java Producer, one of its own, sending to {@code topic}. */
    Variant rawProducer(String topic) throws ClientException {
        Producer producer = provider.newProducerBuilder().setClientConfiguration(configuration).setTopics(topic).build();
        clients.add(producer);
        return counting(body -> producer.send(provider.newMessageBuilder().setTopic(topic).setTag("bench").setBody(body).build()));
    }

    /** RocketmqAPI.send of an adapter {@code id} of its own, with transport=grpc on the Proxy. */
    Variant apiGrpc(String id, String topic) {
        return api(grpcAdapter(id), topic);
    }

    /** RocketmqAPI.send of an adapter {@code id} of its own, with the default transport (remoting) on the same broker. */
    Variant apiRemoting(String id, String topic) {
        Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", id, "namesrvAddr", namesrvAddr)));
        clients.add(adapter);
        return api(adapter, topic);
    }

    /** The raw client 4.9.8 over remoting on the same broker, with a client instance of its own. */
    Variant rawRemoting(String group, String topic) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(group);
        producer.start();
        clients.add(producer::shutdown);
        return counting(body -> producer.send(new Message(topic, "bench", body)));
    }

    /** Sends that failed through {@code variant}, one of these. */
    long errors(Variant variant) {
        return errors.get(variant).get();
    }

    /** The raw SimpleConsumer of {@code group} (which must exist) on {@code topic}. */
    Receiver rawConsumer(String group, String topic) throws ClientException {
        SimpleConsumer consumer = provider.newSimpleConsumerBuilder().setClientConfiguration(configuration)
                .setConsumerGroup(group).setAwaitDuration(AWAIT)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL)).build();
        clients.add(consumer);
        return new SeenOnce(topic) {
            @Override
            public List<String> receiveAndAck() throws ClientException {
                List<String> ids = new ArrayList<>();
                for (MessageView view : consumer.receive(BATCH, INVISIBLE)) {
                    consumer.ack(view);
                    ids.add(seen(view.getMessageId().toString()));
                }
                return ids;
            }
        };
    }

    /** The SimpleConsumerHandle of an adapter {@code id} of its own, with transport=grpc, for {@code group} on {@code topic}. */
    Receiver apiConsumer(String id, String group, String topic) {
        SimpleConsumerHandle consumer = grpcAdapter(id).simpleConsumer(group, topic, "*");
        clients.add(consumer);
        return new SeenOnce(topic) {
            @Override
            public List<String> receiveAndAck() {
                List<String> ids = new ArrayList<>();
                for (ReceivedMessage message : consumer.receive(BATCH, INVISIBLE)) {
                    consumer.ack(message);
                    ids.add(seen(message.messageId()));
                }
                return ids;
            }
        };
    }

    /** Puts {@code messages} on {@code topic} through a raw producer that is none of the rows, and waits for every answer. */
    void preload(String topic, int messages) throws Exception {
        if (filler == null) {
            filler = provider.newProducerBuilder().setClientConfiguration(configuration).build();
            clients.add(filler);
        }
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            answers.add(filler.sendAsync(provider.newMessageBuilder().setTopic(topic).setTag("bench").setBody(BODY).build()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
    }

    private Adapter grpcAdapter(String id) {
        Adapter adapter = new Adapter(AdapterSettings.from(Map.of("id", id, "transport", "grpc", "endpoints", endpoints)));
        clients.add(adapter);
        return adapter;
    }

    private Variant api(Adapter adapter, String topic) {
        return counting(body -> adapter.send(RocketmqMessage.to(topic).tags("bench").body(body).build()));
    }

    /** A sync-only variant that counts a failed send and goes on. */
    private Variant counting(Variants.Send send) {
        AtomicLong failed = new AtomicLong();
        Variant variant = Variants.syncOnly(body -> {
            try {
                send.run(body);
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        });
        errors.put(variant, failed);
        return variant;
    }

    /** A receiver that remembers every id it acknowledged, to count what comes twice. */
    private abstract static class SeenOnce implements Receiver {
        private final String topic;
        private final Set<String> acked = new HashSet<>();
        private long duplicates;

        SeenOnce(String topic) {
            this.topic = topic;
        }

        @Override
        public String topic() {
            return topic;
        }

        String seen(String id) {
            if (!acked.add(id)) {
                duplicates++;
            }
            return id;
        }

        @Override
        public long duplicates() {
            return duplicates;
        }
    }
}
