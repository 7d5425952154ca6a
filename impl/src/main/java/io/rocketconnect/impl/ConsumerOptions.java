package io.rocketconnect.impl;

import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;

import io.rocketconnect.impl.AdapterSettings.ConsumeFrom;

/** What one consumer may set apart from its adapter's defaults. */
record ConsumerOptions(ConsumeFrom consumeFrom, MessageModel messageModel, int maxReconsumeTimes) {

    static ConsumerOptions defaults(AdapterSettings settings) {
        return new ConsumerOptions(settings.consumeFromWhere(), MessageModel.CLUSTERING, settings.maxReconsumeTimes());
    }
}
