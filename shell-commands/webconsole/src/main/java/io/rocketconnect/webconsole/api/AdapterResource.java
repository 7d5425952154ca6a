package io.rocketconnect.webconsole.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import io.rocketconnect.api.OperationHistory;
import io.rocketconnect.api.OperationStats;
import io.rocketconnect.api.ProbeResult;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdapters;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqAdmin.BrokerStatus;
import io.rocketconnect.api.RocketmqAdmin.QueueOffsets;
import io.rocketconnect.api.RocketmqAdmin.QueueProgress;
import io.rocketconnect.api.RocketmqException;
import io.rocketconnect.api.config.AdapterConfiguration;
import io.rocketconnect.api.config.AdapterConfigurationService;
import io.rocketconnect.api.config.AdapterKeys;
import io.rocketconnect.api.config.InvalidConfigurationException.Problem;
import io.rocketconnect.api.config.KeyDefinition;

/**
 * The adapters part of the API: the list, one adapter's settings, figures and history, its topics and
 * consumer groups, and (for admins) create, update, delete and the connection test. Every change goes
 * through {@link AdapterConfigurationService}, which checks it and keeps managed adapters locked.
 */
final class AdapterResource {

    /** Topics listed with their queues at most, so one page load makes a bounded number of broker calls. */
    static final int MAX_TOPICS = 50;

    private final AdapterConfigurationService configurations;
    private final RocketmqAdapters adapters;

    AdapterResource(AdapterConfigurationService configurations, RocketmqAdapters adapters) {
        this.configurations = configurations;
        this.adapters = adapters;
    }

    /** {@code transport} is remoting or grpc; a remoting adapter has a {@code namesrvAddr}, a gRPC one {@code endpoints}. */
    record AdapterRow(String id, String name, String description, String app, String transport, String namesrvAddr,
            String endpoints, boolean up,
            String reason, boolean managed, List<String> clients, long callsLastMinute, long errorsLastMinute,
            String file) {
    }

    record AdapterDetail(AdapterRow adapter, String pid, Map<String, Object> settings, List<OperationStats> stats) {
    }

    record TopicRow(String topic, long messages, List<QueueOffsets> queues, String problem) {
    }

    record GroupRow(String group, long lag, List<QueueProgress> queues, String problem) {
    }

    /**
     * What a connection test found: on remoting, the NameServer and its brokers; on gRPC, whether the
     * Proxy at {@code address} answered (it has no broker list to give).
     */
    record ConnectionTest(boolean reachable, long millis, List<BrokerStatus> brokers, String problem, String transport,
            String address) {
    }

    /** A key as the form needs it: the definition, and whether it is a secret (a write-only field). */
    record KeyView(String key, String name, String description, String type, String defaultValue, String min,
            String max, List<String> options, boolean required, boolean secret) {

        static KeyView of(KeyDefinition key) {
            return new KeyView(key.key(), key.name(), key.description(), key.type(), key.defaultValue(), key.min(),
                    key.max(), key.options(), key.required(), key.secret());
        }
    }

    List<KeyView> keys() {
        return configurations.keys().stream().map(KeyView::of).toList();
    }

    List<AdapterRow> list() {
        return configurations.list().stream().map(this::row).toList();
    }

    AdapterDetail detail(String id) {
        AdapterConfiguration configuration = find(id);
        RocketmqAPI api = running(id);
        return new AdapterDetail(row(configuration), configuration.pid(), configuration.settings(),
                api == null ? List.of() : api.stats());
    }

    List<OperationHistory> history(String id) {
        find(id);
        RocketmqAPI api = running(id);
        return api == null ? List.of() : api.history();
    }

    List<TopicRow> topics(String id, String only) {
        RocketmqAPI api = up(id);
        SortedSet<String> names = only == null ? api.admin().topics() : new TreeSet<>(List.of(only));
        List<String> brokerNames = only == null
                ? api.admin().brokers().stream().flatMap(b -> List.of(b.brokerName(), b.cluster()).stream()).toList()
                : List.of();
        List<TopicRow> rows = new ArrayList<>();
        for (String topic : names) {
            if (rows.size() == MAX_TOPICS) {
                break;
            }
            if (RocketmqAdmin.isSystemTopic(topic) || brokerNames.contains(topic)) {
                continue;
            }
            try {
                List<QueueOffsets> queues = api.admin().topicStatus(topic);
                long messages = queues.stream().mapToLong(QueueOffsets::messages).sum();
                rows.add(new TopicRow(topic, messages, queues, null));
            } catch (RuntimeException e) {
                rows.add(new TopicRow(topic, 0, List.of(), e.getMessage()));
            }
        }
        return rows;
    }

    /** The consumer groups the adapter runs now (listeners and doConsume), with their lag per queue. */
    List<GroupRow> groups(String id) {
        RocketmqAPI api = up(id);
        List<GroupRow> rows = new ArrayList<>();
        for (String client : api.runningClients()) {
            if (!client.startsWith("consumer ")) {
                continue;
            }
            String group = client.substring("consumer ".length());
            try {
                List<QueueProgress> queues = api.admin().consumerProgress(group);
                rows.add(new GroupRow(group, queues.stream().mapToLong(QueueProgress::lag).sum(), queues, null));
            } catch (RuntimeException e) {
                rows.add(new GroupRow(group, 0, List.of(), e.getMessage()));
            }
        }
        return rows;
    }

    AdapterDetail create(Map<String, Object> body) {
        Map<String, Object> settings = ApiRequest.object(body, "settings");
        Object id = settings.get(AdapterKeys.ID);
        if (id == null || id.toString().isBlank()) {
            throw new ApiException(400, "settings.id is missing: every adapter has an id",
                    List.of(new Problem(AdapterKeys.ID, "id is required")));
        }
        configurations.create(id.toString().trim(), settings);
        return detail(id.toString().trim());
    }

    AdapterDetail update(String id, Map<String, Object> body) {
        find(id);
        configurations.update(id, ApiRequest.object(body, "changes"));
        return detail(id);
    }

    void delete(String id) {
        find(id);
        configurations.delete(id);
    }

    ConnectionTest test(String id) {
        RocketmqAPI api = up(id);
        AdapterConfiguration configuration = find(id);
        if (grpc(configuration)) {
            String endpoints = configuration.setting(AdapterKeys.ENDPOINTS, null);
            try {
                ProbeResult probe = api.probe(RocketmqAPI.PROBE_TOPIC);
                return new ConnectionTest(true, probe.roundTrip().toMillis(), List.of(), null, AdapterKeys.TRANSPORT_GRPC,
                        probe.address());
            } catch (RocketmqException e) {
                // The adapter's own message says whether the Proxy did not answer or refused the credentials.
                return new ConnectionTest(false, 0, List.of(), e.getMessage(), AdapterKeys.TRANSPORT_GRPC, endpoints);
            }
        }
        String namesrvAddr = configuration.setting(AdapterKeys.NAMESRV_ADDR, null);
        long started = System.nanoTime();
        try {
            List<BrokerStatus> brokers = api.admin().brokers();
            return new ConnectionTest(true, (System.nanoTime() - started) / 1_000_000, brokers, null,
                    AdapterKeys.TRANSPORT_REMOTING, namesrvAddr);
        } catch (RocketmqException e) {
            return new ConnectionTest(false, (System.nanoTime() - started) / 1_000_000, List.of(),
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), AdapterKeys.TRANSPORT_REMOTING, namesrvAddr);
        }
    }

    private static String transport(AdapterConfiguration configuration) {
        return configuration.setting(AdapterKeys.TRANSPORT, AdapterKeys.TRANSPORT_REMOTING).trim();
    }

    private static boolean grpc(AdapterConfiguration configuration) {
        return AdapterKeys.TRANSPORT_GRPC.equals(transport(configuration));
    }

    /** One adapter's configuration; 404 when there is none (the service refuses an unknown id by name). */
    AdapterConfiguration find(String id) {
        try {
            return configurations.get(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    /** The running adapter, or a 409 naming why it is not up. */
    RocketmqAPI up(String id) {
        AdapterConfiguration configuration = find(id);
        RocketmqAPI api = running(id);
        if (api == null) {
            throw new ApiException(409, "adapter '" + id + "' is down: " + configuration.state().reason());
        }
        return api;
    }

    private RocketmqAPI running(String id) {
        return adapters.adapterIds().contains(id) ? adapters.getRocketmqAPI(id) : null;
    }

    private AdapterRow row(AdapterConfiguration configuration) {
        RocketmqAPI api = configuration.state().up() ? running(configuration.id()) : null;
        long calls = 0;
        long errors = 0;
        if (api != null) {
            for (OperationStats stats : api.stats()) {
                calls += stats.lastMinute().calls();
                errors += stats.lastMinute().errors();
            }
        }
        return new AdapterRow(configuration.id(), configuration.setting(AdapterKeys.NAME, configuration.id()),
                configuration.setting(AdapterKeys.DESCRIPTION, null), configuration.appId(), transport(configuration),
                configuration.setting(AdapterKeys.NAMESRV_ADDR, null), configuration.setting(AdapterKeys.ENDPOINTS, null),
                configuration.state().up(),
                configuration.state().reason(), configuration.managed(), configuration.state().clients(), calls, errors,
                configuration.file());
    }
}
