package io.rocketconnect.impl.config;

import org.apache.rocketmq.client.Validators;
import org.apache.rocketmq.client.exception.MQClientException;

/** RocketMQ's rules for group and topic names, as the client checks them: one wrapper for configurations and calls. */
public final class GroupNames {

    private GroupNames() {
    }

    /** Why {@code group} is not a valid group name, in the client's words ({@code Validators.checkGroup}); null if it is one. */
    public static String problem(String group) {
        try {
            Validators.checkGroup(group);
            return null;
        } catch (MQClientException e) {
            return e.getErrorMessage();
        }
    }

    /** Why {@code topic} is not a valid topic name, in the client's words ({@code Validators.checkTopic}); null if it is one. */
    public static String topicProblem(String topic) {
        try {
            Validators.checkTopic(topic);
            return null;
        } catch (MQClientException e) {
            return e.getErrorMessage();
        }
    }
}
