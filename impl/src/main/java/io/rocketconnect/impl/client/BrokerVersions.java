package io.rocketconnect.impl.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;

/**
 * The RocketMQ version of the brokers behind a topic, asked once per broker address. Used to refuse
 * what a broker would silently ignore: a 4.x broker delivers a deliverAt message at once.
 */
public final class BrokerVersions {

    private static final int FIVE = MQVersion.Version.V5_0_0.ordinal();

    private final ConcurrentMap<String, Integer> versions = new ConcurrentHashMap<>();

    /** Throws IllegalArgumentException naming the broker if one behind {@code topic} is older than 5.0. */
    public void requireTimerMessages(DefaultMQProducer producer, String topic) throws Exception {
        MQClientInstance client = producer.getDefaultMQProducerImpl().getMqClientFactory();
        client.updateTopicRouteInfoFromNameServer(topic);
        TopicRouteData route = client.getTopicRouteTable().get(topic);
        if (route == null || route.getBrokerDatas().isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " has no route on the NameServer; a message with "
                    + "deliverAt needs an existing topic, to check that its brokers are 5.0 or newer");
        }
        for (BrokerData broker : route.getBrokerDatas()) {
            String address = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
            if (address == null) {
                continue;
            }
            int version = versions.computeIfAbsent(address, a -> ask(client, broker.getBrokerName(), a));
            if (version < FIVE) {
                throw new IllegalArgumentException("broker " + broker.getBrokerName() + " at " + address + " runs RocketMQ "
                        + MQVersion.getVersionDesc(version) + ", which delivers a deliverAt message at once; "
                        + "deliverAt needs 5.0 or newer (use delayLevel on 4.x)");
            }
        }
    }

    /**
     * The version the broker answered our last heartbeat with (the client keeps it per broker);
     * after a heartbeat if there was none yet. (A new broker's runtime info fails until it has stats.)
     */
    private static int ask(MQClientInstance client, String brokerName, String address) {
        int version = client.findBrokerVersion(brokerName, address);
        if (version == 0) {
            client.sendHeartbeatToAllBrokerWithLock();
            version = client.findBrokerVersion(brokerName, address);
        }
        if (version == 0) {
            throw new IllegalStateException("broker " + brokerName + " at " + address + " did not tell its version");
        }
        return version;
    }
}
