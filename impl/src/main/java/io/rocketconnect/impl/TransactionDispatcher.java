package io.rocketconnect.impl;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.LocalTransaction;

/**
 * The transaction listener of one transactional producer group. The call's own LocalTransaction runs the
 * local transaction; check-backs, which the broker sends to the group later, go to the latest one used.
 */
final class TransactionDispatcher implements TransactionListener {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionDispatcher.class);

    private final String adapterId;
    private final String group;
    volatile LocalTransaction latest;

    TransactionDispatcher(String adapterId, String group) {
        this.adapterId = adapterId;
        this.group = group;
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, Object transaction) {
        try {
            return ((LocalTransaction) transaction).execute(message);
        } catch (Exception e) {
            LOG.warn("Adapter '{}': local transaction of group {} failed; the broker will check back: {}",
                    adapterId, group, e.toString());
            return LocalTransactionState.UNKNOW;
        }
    }

    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt message) {
        LocalTransaction transaction = latest;
        if (transaction == null) {
            return LocalTransactionState.UNKNOW;
        }
        try (RequestIds.Scope requestId = RequestIds.enter(message)) {
            return transaction.check(message);
        } catch (Exception e) {
            LOG.warn("Adapter '{}': transaction check of group {} failed; the broker will ask again: {}",
                    adapterId, group, e.toString());
            return LocalTransactionState.UNKNOW;
        }
    }
}
