package io.rocketconnect.impl.config;

import org.apache.rocketmq.client.Validators;
import org.apache.rocketmq.client.exception.MQClientException;

/**
 * RocketMQ's rules for group and topic names, as the client checks them ({@code Validators}): one place
 * for configurations and calls. Each method says why a name breaks its rule, in the client's words, or
 * returns null for a valid one.
 */
public final class NameRules {

    /** One of the client's checks; it throws when the name breaks the rule. */
    @FunctionalInterface
    private interface Check {
        void check(String name) throws MQClientException;
    }

    private NameRules() {
    }

    public static String groupProblem(String group) {
        return problem(Validators::checkGroup, group);
    }

    public static String topicProblem(String topic) {
        return problem(Validators::checkTopic, topic);
    }

    private static String problem(Check rule, String name) {
        try {
            rule.check(name);
            return null;
        } catch (MQClientException e) {
            return e.getErrorMessage();
        }
    }
}
