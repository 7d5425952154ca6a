package io.rocketconnect.shell;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqAdapters;

/** RocketmqAdapters for command tests: none up, or "orders" up with given answers. */
public final class TestAdapters {

    private TestAdapters() {
    }

    /** No adapter is up; {@code validate} stands for the connector's own checks. */
    public static RocketmqAdapters none(Consumer<Map<String, ?>> validate) {
        return adapters(null, validate);
    }

    /** Adapter "orders" is up; its admin() is {@code admin}'s current value. */
    public static RocketmqAdapters answering(Supplier<RocketmqAdmin> admin) {
        return orders((proxy, method, args) -> {
            if (method.getName().equals("admin")) {
                return admin.get();
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    /** Adapter "orders" is up and answers every call with {@code api}. */
    public static RocketmqAdapters orders(InvocationHandler api) {
        RocketmqAPI orders = (RocketmqAPI) Proxy.newProxyInstance(TestAdapters.class.getClassLoader(),
                new Class<?>[] {RocketmqAPI.class}, api);
        return adapters(orders, configuration -> { });
    }

    private static RocketmqAdapters adapters(RocketmqAPI orders, Consumer<Map<String, ?>> validate) {
        Set<String> ids = orders == null ? Set.of() : Set.of("orders");
        return new RocketmqAdapters() {
            @Override
            public RocketmqAPI getRocketmqAPI(String modelId) {
                if (orders != null && modelId.equals("orders")) {
                    return orders;
                }
                throw new NoSuchAdapterException(modelId, ids);
            }

            @Override
            public Set<String> adapterIds() {
                return ids;
            }

            @Override
            public void validate(Map<String, ?> configuration) {
                validate.accept(configuration);
            }
        };
    }

    /** An admin that answers each method from {@code answers} (a RuntimeException there is thrown). */
    public static RocketmqAdmin admin(Map<String, Object> answers) {
        return (RocketmqAdmin) Proxy.newProxyInstance(TestAdapters.class.getClassLoader(), new Class<?>[] {RocketmqAdmin.class},
                (proxy, method, args) -> {
                    Object answer = answers.get(method.getName());
                    if (answer instanceof RuntimeException) {
                        throw (RuntimeException) answer;
                    }
                    return answer;
                });
    }
}
