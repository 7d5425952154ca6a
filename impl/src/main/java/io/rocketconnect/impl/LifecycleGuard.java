package io.rocketconnect.impl;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Hands a client to application code without its lifecycle: {@code start()} and {@code shutdown()}
 * throw, everything else reaches the client unchanged. The connector starts the client once and
 * shuts it down with the adapter; a callback that stopped a pooled producer would break every other
 * caller of the adapter.
 */
final class LifecycleGuard implements InvocationHandler {

    private final Object client;
    private final String owner;

    private LifecycleGuard(Object client, String owner) {
        this.client = client;
        this.owner = owner;
    }

    /** A view of {@code client} as {@code type} that refuses start and shutdown. */
    static <T> T guard(Class<T> type, T client, String owner) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new LifecycleGuard(client, owner)));
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
        try {
            return method.invoke(client, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
