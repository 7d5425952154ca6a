package io.rocketconnect.impl.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.function.Consumer;

import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

import io.rocketconnect.impl.call.RequestIdScope;

/**
 * Hands a client to application code without its lifecycle: {@code start()} and {@code shutdown()}
 * throw, everything else reaches the client. On the way, messages sent get the call's requestId (and
 * what else the adapter stamps on them: its trace context), and listeners registered run with the
 * sender's requestId in the MDC. The connector starts the client
 * once and shuts it down with the adapter; a callback that stopped a pooled producer would break
 * every other caller of the adapter.
 */
public final class LifecycleGuard implements InvocationHandler {

    private final Object client;
    private final String owner;
    private final Consumer<Message> stamp;

    private LifecycleGuard(Object client, String owner, Consumer<Message> stamp) {
        this.client = client;
        this.owner = owner;
        this.stamp = stamp;
    }

    /** A view of {@code client} as {@code type} that refuses start and shutdown. */
    public static <T> T guard(Class<T> type, T client, String owner) {
        return guard(type, client, owner, message -> { });
    }

    /** ... and passes each message sent through it to {@code stamp} as well. */
    public static <T> T guard(Class<T> type, T client, String owner, Consumer<Message> stamp) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new LifecycleGuard(client, owner, stamp)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getParameterCount() == 0
                && (method.getName().equals("start") || method.getName().equals("shutdown"))) {
            throw new UnsupportedOperationException(method.getName() + "() is not allowed on " + owner
                    + ": the connector starts it once and shuts it down with the adapter");
        }
        if (method.getDeclaringClass() == Object.class && method.getName().equals("toString")) {
            return owner;
        }
        if (args != null) {
            for (int i = 0; i < args.length; i++) {
                args[i] = prepare(args[i]);
            }
        }
        try {
            return method.invoke(client, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object prepare(Object argument) {
        if (argument instanceof Message) {
            RequestIdScope.stamp((Message) argument);
            stamp.accept((Message) argument);
        } else if (argument instanceof Collection) {
            for (Object element : (Collection<?>) argument) {
                if (element instanceof Message) {
                    RequestIdScope.stamp((Message) element);
                    stamp.accept((Message) element);
                }
            }
        } else if (argument instanceof MessageListenerConcurrently) {
            MessageListenerConcurrently listener = (MessageListenerConcurrently) argument;
            return (MessageListenerConcurrently) (messages, context) -> {
                try (RequestIdScope requestId = RequestIdScope.enter(first(messages))) {
                    ConsumeConcurrentlyStatus status = listener.consumeMessage(messages, context);
                    return status;
                }
            };
        } else if (argument instanceof MessageListenerOrderly) {
            MessageListenerOrderly listener = (MessageListenerOrderly) argument;
            return (MessageListenerOrderly) (messages, context) -> {
                try (RequestIdScope requestId = RequestIdScope.enter(first(messages))) {
                    ConsumeOrderlyStatus status = listener.consumeMessage(messages, context);
                    return status;
                }
            };
        }
        return argument;
    }

    /** A batch's first message stands for the batch in the MDC. */
    private static Message first(java.util.List<MessageExt> messages) {
        return messages.isEmpty() ? new Message() : messages.get(0);
    }
}
