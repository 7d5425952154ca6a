package io.rocketconnect.impl.config;

import org.apache.rocketmq.client.Validators;
import org.apache.rocketmq.client.exception.MQClientException;

/** RocketMQ's rule for group names, as the client checks it: one wrapper for configurations and calls. */
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
}
