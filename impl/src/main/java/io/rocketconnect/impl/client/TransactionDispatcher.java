package io.rocketconnect.impl.client;

import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rocketconnect.api.LocalTransaction;
import io.rocketconnect.impl.call.RequestIdScope;

/**
 * The transaction listener of one transactional producer group. The call's own LocalTransaction runs the
 * local transaction; check-backs, which the broker sends to the group later, go to the latest one used.
 */
public final class TransactionDispatcher implements TransactionListener {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionDispatcher.class);

    private final String adapterId;
    private final String group;
    private volatile LocalTransaction latest;

    TransactionDispatcher(String adapterId, String group) {
        this.adapterId = adapterId;
        this.group = group;
    }

    /** The LocalTransaction that answers the group's check-backs from now on. */
    public void answerWith(LocalTransaction transaction) {
        latest = transaction;
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
        try (RequestIdScope requestId = RequestIdScope.enter(message)) {
            return transaction.check(message);
        } catch (Exception e) {
            LOG.warn("Adapter '{}': transaction check of group {} failed; the broker will ask again: {}",
                    adapterId, group, e.toString());
            return LocalTransactionState.UNKNOW;
        }
    }
}
