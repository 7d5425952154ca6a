package io.rocketconnect.impl.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientConfigurationBuilder;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.impl.config.AdapterSettings;

/**
 * The gRPC clients of one adapter (rocketmq-client-java): its configuration, the shared producer of
 * the plain sends, and one transactional producer per producer group, each started on first use and
 * closed with the adapter. The client finds its implementation with a {@link java.util.ServiceLoader}
 * on the thread's context class loader, so every client is built with that set to the client's own
 * bundle (in Karaf the caller's loader cannot see it).
 */
final class GrpcClients {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcClients.class);

    private final AdapterSettings settings;
    private final ClientConfiguration configuration;
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();
    private volatile ClientServiceProvider provider;

    GrpcClients(AdapterSettings settings) {
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

    /** Work that builds a client. */
    private interface ClientWork<T> {
        T run() throws ClientException;
    }

    private static <T> T withClientLoader(ClientWork<T> work) throws ClientException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClientServiceProvider.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    List<String> running() {
        List<String> running = new ArrayList<>();
        producers.keySet().forEach(name -> running.add("grpc producer " + name));
        return running;
    }

    /** Closes every client; a failure to close one is logged and the others still close. */
    void close() {
        synchronized (producers) {
            for (Map.Entry<String, Producer> entry : producers.entrySet()) {
                try {
                    entry.getValue().close();
                } catch (Exception e) {
                    LOG.warn("Adapter '{}': gRPC producer {} did not close cleanly: {}", settings.id(), entry.getKey(), e.toString());
                }
            }
            producers.clear();
        }
    }
}
