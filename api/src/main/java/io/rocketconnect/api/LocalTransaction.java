package io.rocketconnect.api;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The application's side of a transactional send ({@link RocketmqAPI#sendInTransaction}). Use one
 * implementation per producer group: the broker asks the group, not the call, about transactions whose
 * outcome it has not heard, and the adapter answers with the last LocalTransaction used for the group.
 */
@ConsumerType
public interface LocalTransaction {

    /**
     * Runs the local transaction after the half message was stored.
     *
     * @return COMMIT_MESSAGE to deliver it, ROLLBACK_MESSAGE to drop it, UNKNOW to be asked later
     * @throws Exception counts as UNKNOW: the broker asks {@link #check} later
     */
    LocalTransactionState execute(Message message) throws Exception;

    /** Answers the broker's check-back for a transaction whose outcome it has not heard. */
    LocalTransactionState check(MessageExt message) throws Exception;
}
