package io.rocketconnect.shell;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.rocketconnect.api.NoSuchAdapterException;
import io.rocketconnect.api.RocketmqAPI;
import io.rocketconnect.api.RocketmqAdmin;
import io.rocketconnect.api.RocketmqAdapters;

/** Adapter "orders", up, whose admin answers are given: enough to test what commands print. */
public final class OneAdapter {

    private OneAdapter() {
    }

    public static RocketmqAdapters answering(Supplier<RocketmqAdmin> admin) {
        RocketmqAPI orders = (RocketmqAPI) Proxy.newProxyInstance(OneAdapter.class.getClassLoader(), new Class<?>[] {RocketmqAPI.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("admin")) {
                        return admin.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new RocketmqAdapters() {
            @Override
            public RocketmqAPI getRocketmqAPI(String modelId) {
                if (modelId.equals("orders")) {
                    return orders;
                }
                throw new NoSuchAdapterException(modelId, Set.of("orders"));
            }

            @Override
            public Set<String> adapterIds() {
                return Set.of("orders");
            }

            @Override
            public void validate(Map<String, ?> configuration) {
            }
        };
    }

    /** An admin that answers each method from {@code answers} (a RuntimeException there is thrown). */
    public static RocketmqAdmin admin(Map<String, Object> answers) {
        return (RocketmqAdmin) Proxy.newProxyInstance(OneAdapter.class.getClassLoader(), new Class<?>[] {RocketmqAdmin.class},
                (proxy, method, args) -> {
                    Object answer = answers.get(method.getName());
                    if (answer instanceof RuntimeException) {
                        throw (RuntimeException) answer;
                    }
                    return answer;
                });
    }
}
