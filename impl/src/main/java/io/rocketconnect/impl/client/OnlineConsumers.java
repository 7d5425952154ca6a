package io.rocketconnect.impl.client;

import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.body.ConsumerConnection;

/** A consumer group's consumers connected to one broker, as the broker reports them. */
final class OnlineConsumers {

    private OnlineConsumers() {
    }

    /** The group's connections on the broker at {@code address}; null when none is online there. */
    static ConsumerConnection of(MQClientAPIImpl api, String address, String group) throws Exception {
        try {
            ConsumerConnection connection = api.getConsumerConnectionList(address, group, AdapterAdmin.TIMEOUT_MILLIS);
            return connection.getConnectionSet().isEmpty() ? null : connection;
        } catch (MQBrokerException e) {
            if (e.getResponseCode() == ResponseCode.CONSUMER_NOT_ONLINE) {
                return null;
            }
            throw e;
        }
    }
}
