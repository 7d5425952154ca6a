package io.rocketconnect.impl.grpc;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientConfigurationBuilder;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.ConsumerHandle;
import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.SimpleConsumerHandle;
import io.rocketconnect.impl.call.CallPipeline;
import io.rocketconnect.impl.call.FailureHints;
import io.rocketconnect.impl.call.Messages;
import io.rocketconnect.impl.config.AdapterSettings;
import io.rocketconnect.impl.config.Transport;

/**
 * The gRPC clients of one adapter (rocketmq-client-java): its configuration, the shared producer of
 * the plain sends, and one transactional producer per producer group, each started on first use and
 * closed with the adapter. The client finds its implementation with a {@link java.util.ServiceLoader}
 * on the thread's context class loader, so every client is built with that set to the client's own
 * bundle (in Karaf the caller's loader cannot see it).
 */
public final class GrpcClients {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcClients.class);

    /** How long a simple consumer's receive waits for messages when none are there. */
    static final Duration AWAIT = Duration.ofSeconds(5);

    /** The Proxy's answers a probe tells apart (apache/rocketmq-apis' Code). */
    static final int UNAUTHORIZED = 40100;
    static final int FORBIDDEN = 40300;
    static final int TOPIC_NOT_FOUND = 40402;

    private final AdapterSettings settings;
    private final ClientConfiguration configuration;
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();
    /** Simple consumers by group; one per group and adapter, as doConsume allows one push consumer. */
    private final Map<String, SimpleConsumer> simpleConsumers = new ConcurrentHashMap<>();
    /** Push consumers of listeners by group, with their handles. */
    private final Map<String, PushConsumer> pushConsumers = new ConcurrentHashMap<>();
    private final Map<String, GrpcPushConsumer> pushHandles = new ConcurrentHashMap<>();
    private volatile ClientServiceProvider provider;

    public GrpcClients(AdapterSettings settings) {
        this.settings = settings;
        ClientConfigurationBuilder builder = ClientConfiguration.newBuilder().setEndpoints(settings.endpoints())
                .setRequestTimeout(Duration.ofMillis(settings.config().sendMsgTimeout()))
                .enableSsl(settings.config().useTLS());
        if (settings.accessKey() != null) {
            builder.setCredentialProvider(new StaticSessionCredentialsProvider(settings.accessKey(), settings.secretKey()));
        }
        if (settings.config().namespace() != null) {
            builder.setNamespace(settings.config().namespace());
        }
        this.configuration = builder.build();
    }

    /** The client's service provider, loaded once. */
    ClientServiceProvider provider() throws ClientException {
        ClientServiceProvider loaded = provider;
        if (loaded == null) {
            loaded = withClientLoader(ClientServiceProvider::loadService);
            provider = loaded;
        }
        return loaded;
    }

    /** The started producer {@code name} (a producer group, or the adapter's own), built by {@code setup} on first use. */
    Producer producer(String name, UnaryOperator<ProducerBuilder> setup) throws ClientException {
        Producer started = producers.get(name);
        if (started != null) {
            return started;
        }
        synchronized (producers) {
            started = producers.get(name);
            if (started == null) {
                ProducerBuilder builder = provider().newProducerBuilder().setClientConfiguration(configuration)
                        .setMaxAttempts(settings.config().retryTimesWhenSendFailed() + 1);
                started = withClientLoader(() -> setup.apply(builder).build());
                producers.put(name, started);
                LOG.info("Adapter '{}' started gRPC producer {} for {}", settings.id(), name, settings.endpoints());
            }
            return started;
        }
    }

    /**
     * Asks the Proxy for the route of {@code topic} with the adapter's configuration and credentials: a
     * producer of that topic fetches the route as it starts (one without topics would not contact the
     * Proxy at all), and is closed at once.
     *
     * @return the answer, found or not, with the time from building the producer to the answer (its
     *         closing is not part of it)
     * @throws RocketmqException naming the credentials if the Proxy refused them, or the endpoints if
     *         it did not answer
     */
    public ProbeResult probe(String topic) throws ClientException {
        ClientServiceProvider loaded = provider();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClientServiceProvider.class.getClassLoader());
        long started = System.nanoTime();
        try {
            Producer producer = loaded.newProducerBuilder().setClientConfiguration(configuration).setTopics(topic).build();
            ProbeResult found = answer(topic, true, started);
            closeQuietly("probe producer of " + topic, producer);
            return found;
        } catch (IllegalStateException | ClientException e) {
            // A failed start is guava's IllegalStateException; the Proxy's answer is in its cause chain.
            int code = responseCode(e);
            if (code == TOPIC_NOT_FOUND) {
                return answer(topic, false, started);
            }
            Throwable root = FailureHints.rootCause(e);
            if (code == UNAUTHORIZED || code == FORBIDDEN) {
                throw new RocketmqException(settings.id(), "the Proxy at " + settings.endpoints() + " refused the adapter's credentials ("
                        + (settings.accessKey() == null ? "it sends no accessKey" : "accessKey '" + settings.accessKey() + "'")
                        + ") asked for the route of " + topic + ": " + root.getMessage(), e);
            }
            throw new RocketmqException(settings.id(), "the Proxy at " + settings.endpoints() + " did not answer for the route of "
                    + topic + ": " + root, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private ProbeResult answer(String topic, boolean found, long started) {
        return new ProbeResult(Transport.GRPC.key(), settings.endpoints(), topic, found, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The Proxy's response code in {@code failure}'s cause chain, or -1: the client's ClientException
     * says it in its message ("[request-id=..., response-code=40402] ..."), and its subclasses by code
     * are not in the client's API.
     */
    static int responseCode(Throwable failure) {
        return FailureHints.grpcResponseCode(failure);
    }

    /**
     * Starts the simple consumer of {@code group} for {@code topic} and {@code tags}; its calls go
     * through {@code calls}.
     *
     * @throws IllegalStateException if this adapter already runs a simple consumer of {@code group}
     */
    public SimpleConsumerHandle simpleConsumer(String group, String topic, String tags, CallPipeline calls) throws ClientException {
        Messages.checkGroup("consumerGroup", group);
        Messages.checkTopic(topic);
        FilterExpression filter = new FilterExpression(tags == null || tags.isBlank() ? "*" : tags.trim());
        synchronized (simpleConsumers) {
            if (simpleConsumers.containsKey(group)) {
                throw new IllegalStateException("adapter '" + settings.id() + "' already runs a simple consumer of group " + group);
            }
            SimpleConsumer consumer = withClientLoader(() -> provider().newSimpleConsumerBuilder()
                    .setClientConfiguration(configuration).setConsumerGroup(group).setAwaitDuration(AWAIT)
                    .setSubscriptionExpressions(Map.of(topic, filter)).build());
            simpleConsumers.put(group, consumer);
            LOG.info("Adapter '{}' started gRPC simple consumer {} of {} for {}", settings.id(), group, topic, settings.endpoints());
            return new GrpcSimpleConsumer(consumer, topic, calls, () -> closeSimpleConsumer(group, consumer));
        }
    }

    /**
     * Starts the push consumer of {@code group} that hands each message of {@code topic} matching
     * {@code selector} (a tag expression, or SQL92 when {@code sql}) to {@code deliver}; a message it
     * answers false for is delivered again later, as the group's retry policy on the server says.
     *
     * @throws IllegalStateException if this adapter already runs a consumer of {@code group}
     */
    public ConsumerHandle pushConsumer(String group, String topic, String selector, boolean sql, Predicate<MessageExt> deliver)
            throws ClientException {
        FilterExpression filter = new FilterExpression(selector, sql ? FilterExpressionType.SQL92 : FilterExpressionType.TAG);
        synchronized (pushConsumers) {
            if (pushConsumers.containsKey(group)) {
                throw new IllegalStateException("adapter '" + settings.id() + "' already runs a consumer of group " + group);
            }
            PushConsumer consumer = withClientLoader(() -> provider().newPushConsumerBuilder()
                    .setClientConfiguration(configuration).setConsumerGroup(group)
                    .setSubscriptionExpressions(Map.of(topic, filter)).setConsumptionThreadCount(settings.consumeThreadMax())
                    .setMessageListener(view -> deliver.test(GrpcMessages.toMessageExt(view)) ? ConsumeResult.SUCCESS
                            : ConsumeResult.FAILURE)
                    .build());
            GrpcPushConsumer handle = new GrpcPushConsumer(settings.id(), group, () -> {
                synchronized (pushConsumers) {
                    pushConsumers.remove(group, consumer);
                    pushHandles.remove(group);
                }
                closeQuietly("push consumer " + group, consumer);
            });
            pushConsumers.put(group, consumer);
            pushHandles.put(group, handle);
            LOG.info("Adapter '{}' started gRPC push consumer {} of {} for {}", settings.id(), group, topic, settings.endpoints());
            return handle;
        }
    }

    private void closeSimpleConsumer(String group, SimpleConsumer consumer) {
        if (simpleConsumers.remove(group, consumer)) {
            closeQuietly("simple consumer " + group, consumer);
        }
    }

    private void closeQuietly(String what, Closeable client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.warn("Adapter '{}': gRPC {} did not close cleanly: {}", settings.id(), what, e.toString());
        }
    }

    /** Work that builds a client. */
    private interface ClientWork<T> {
        T run() throws ClientException;
    }

    /**
     * Runs {@code work} with the client's own context class loader. A client that cannot start throws
     * guava's IllegalStateException ("Expected the service ... to be RUNNING"), not the ClientException
     * it declares: that becomes a RocketmqException naming the endpoints and the root cause.
     */
    private <T> T withClientLoader(ClientWork<T> work) throws ClientException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClientServiceProvider.class.getClassLoader());
        try {
            return work.run();
        } catch (IllegalStateException e) {
            Throwable root = FailureHints.rootCause(e);
            throw new RocketmqException(settings.id(), "the gRPC client of adapter '" + settings.id()
                    + "' could not start against the Proxy at " + settings.endpoints() + ": " + root, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public List<String> running() {
        List<String> running = new ArrayList<>();
        producers.keySet().forEach(name -> running.add("grpc producer " + name));
        simpleConsumers.keySet().forEach(group -> running.add("grpc simple consumer " + group));
        pushConsumers.keySet().forEach(group -> running.add("grpc push consumer " + group));
        return running;
    }

    /** Closes every client; a failure to close one is logged and the others still close. */
    public void close() {
        synchronized (pushConsumers) {
            pushHandles.values().forEach(GrpcPushConsumer::stopped);
            pushConsumers.forEach((group, consumer) -> closeQuietly("push consumer " + group, consumer));
            pushConsumers.clear();
            pushHandles.clear();
        }
        synchronized (simpleConsumers) {
            simpleConsumers.forEach((group, consumer) -> closeQuietly("simple consumer " + group, consumer));
            simpleConsumers.clear();
        }
        synchronized (producers) {
            producers.forEach((name, producer) -> closeQuietly("producer " + name, producer));
            producers.clear();
        }
    }
}
