package io.rocketconnect.impl.client;

import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;

import io.rocketconnect.impl.config.AdapterSettings;

/** What one consumer may set apart from its adapter's defaults. */
public record ConsumerOptions(ConsumeFromWhere consumeFrom, MessageModel messageModel, int maxReconsumeTimes) {

    /** The adapter's own: {@code consumeFromWhere}, clustering, {@code maxReconsumeTimes}. */
    public static ConsumerOptions defaults(AdapterSettings settings) {
        return new ConsumerOptions(ConsumeFromWhere.valueOf(settings.config().consumeFromWhere()), MessageModel.CLUSTERING,
                settings.config().maxReconsumeTimes());
    }
}
