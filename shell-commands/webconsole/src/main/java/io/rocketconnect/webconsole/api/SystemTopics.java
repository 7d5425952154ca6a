package io.rocketconnect.webconsole.api;

import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.topic.TopicValidator;

/** The topics RocketMQ keeps for itself, which the console's topic list leaves out. */
final class SystemTopics {

    private SystemTopics() {
    }

    static boolean isSystem(String topic) {
        return TopicValidator.isSystemTopic(topic) || topic.startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX)
                || topic.startsWith(MixAll.DLQ_GROUP_TOPIC_PREFIX) || topic.equals(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC) || topic.endsWith(MixAll.REPLY_TOPIC_POSTFIX);
    }
}
